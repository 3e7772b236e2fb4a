package io.vaultlet.dev;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code identity/} mount: entities ({@code entity}, {@code entity/id/<id>}, {@code entity/name/<name>}),
 * entity aliases ({@code entity-alias}, {@code entity-alias/id/<id>}) and groups ({@link IdentityGroups}), with the
 * shapes of OpenBao's {@code identity/store_*.go}: reads are Go maps (keys sorted), a create answers {@code id} and
 * {@code name}, an update answers 204, lists carry {@code key_info}.
 */
final class IdentityBackend implements Backend {

  private final Core core;
  private final IdentityStore store;
  private final IdentityGroups groups;

  IdentityBackend(Core core, IdentityStore store) {
    this.core = core;
    this.store = store;
    this.groups = new IdentityGroups(store);
  }

  @Override
  public DevResponse handle(DevRequest req) {
    String p = req.path();
    synchronized (store) {
      if (p.equals("entity")) {
        Routes.writesOnly(req);
        return upsertEntity(req, req.string("id", ""), req.string("name", ""));
      }
      if (p.equals("entity/id/") || p.equals("entity/name/")) {
        Routes.only(req, Operation.LIST);
        return listEntities(p.equals("entity/id/"));
      }
      if (p.startsWith("entity/id/")) {
        return entity(req, entityById(p.substring("entity/id/".length())), p.substring("entity/id/".length()), "");
      }
      if (p.startsWith("entity/name/")) {
        String name = p.substring("entity/name/".length());
        return entity(req, store.entityByName(name), "", name);
      }
      if (p.equals("entity-alias")) {
        Routes.writesOnly(req);
        return upsertAlias(req, req.string("id", ""));
      }
      if (p.equals("entity-alias/id/")) {
        Routes.only(req, Operation.LIST);
        return listAliases();
      }
      if (p.startsWith("entity-alias/id/")) {
        return alias(req, p.substring("entity-alias/id/".length()));
      }
      if (p.equals("group") || p.startsWith("group/")) {
        return groups.handle(req, p);
      }
    }
    throw DevException.unsupportedPath();
  }

  private IdentityStore.Entity entityById(String id) {
    return store.entities.get(id);
  }

  private DevResponse entity(DevRequest req, IdentityStore.Entity e, String id, String name) {
    switch (req.operation()) {
      case READ:
        return e == null ? null : DevResponse.of(describe(e));
      case DELETE:
        if (e != null) {
          store.deleteEntity(e);
        }
        return DevResponse.noContent();
      case CREATE:
      case UPDATE:
        return upsertEntity(req, id, name);
      default:
        throw DevException.unsupportedOperation();
    }
  }

  /** OpenBao's {@code handleEntityUpdateCommon}: by id, else by name (an upsert), else a new entity. */
  private DevResponse upsertEntity(DevRequest req, String id, String nameRaw) {
    String name = nameRaw.isEmpty() ? req.string("name", "") : nameRaw;
    IdentityStore.Entity e = null;
    if (!id.isEmpty()) {
      e = store.entities.get(id);
      if (e == null) {
        throw DevException.badRequest("entity not found from id");
      }
    }
    if (!name.isEmpty()) {
      IdentityStore.Entity byName = store.entityByName(name);
      if (byName != null) {
        if (e == null) {
          e = byName;
        } else if (!e.id.equals(byName.id)) {
          throw DevException.badRequest("entity name is already in use");
        }
      }
    }
    List<String> policies = req.has("policies") ? TokenRoles.dedupe(req.strings("policies"), true) : null;
    if (policies != null && policies.contains("root")) {
      throw DevException.badRequest("policies cannot contain root");
    }
    boolean created = e == null;
    if (created) {
      e = store.newEntity(name);
    } else if (!name.isEmpty()) {
      e.name = name;
    }
    if (policies != null) {
      e.policies = policies;
    }
    if (req.has("disabled")) {
      e.disabled = req.bool("disabled", false);
    }
    if (req.has("metadata")) {
      e.metadata = kvPairs(req, "metadata");
    }
    e.updated = store.now();
    if (!created) {
      return DevResponse.noContent();
    }
    Map<String, Object> d = new TreeMap<>();
    d.put("aliases", null);
    d.put("id", e.id);
    d.put("name", e.name);
    return DevResponse.of(d);
  }

  private Map<String, Object> describe(IdentityStore.Entity e) {
    Map<String, Object> d = new TreeMap<>();
    List<Object> aliases = new ArrayList<>();
    e.aliases.forEach(a -> aliases.add(describeAlias(a, false)));
    d.put("aliases", aliases);
    d.put("creation_time", Times.rfc3339Nano(e.created));
    List<String> direct = ids(store.directGroups(e.id));
    List<String> inherited = ids(store.inheritedGroups(e.id));
    d.put("direct_group_ids", direct);
    d.put("disabled", e.disabled);
    List<String> all = new ArrayList<>(direct);
    all.addAll(inherited);
    d.put("group_ids", all);
    d.put("id", e.id);
    d.put("inherited_group_ids", inherited);
    d.put("last_update_time", Times.rfc3339Nano(e.updated));
    d.put("merged_entity_ids", null);
    d.put("metadata", e.metadata);
    d.put("name", e.name);
    d.put("namespace_id", "root");
    d.put("policies", e.policies);
    return d;
  }

  private Map<String, Object> describeAlias(IdentityStore.Alias a, boolean withNamespace) {
    Map<String, Object> m = new TreeMap<>();
    m.put("canonical_id", a.canonicalId);
    m.put("creation_time", Times.rfc3339Nano(a.created));
    m.put("custom_metadata", a.customMetadata);
    m.put("id", a.id);
    m.put("last_update_time", Times.rfc3339Nano(a.updated));
    m.put("local", false);
    m.put("merged_from_canonical_ids", null);
    m.put("metadata", a.metadata);
    m.put("mount_accessor", a.mountAccessor);
    MountEntry mount = mountByAccessor(a.mountAccessor);
    if (mount != null) {
      m.put("mount_path", mount.path);
      m.put("mount_type", mount.type);
    }
    m.put("name", a.name);
    if (withNamespace) {
      m.put("namespace_id", "root");
    }
    return m;
  }

  private DevResponse listEntities(boolean byId) {
    List<String> keys = new ArrayList<>();
    Map<String, Object> info = new TreeMap<>();
    for (IdentityStore.Entity e : store.entities.values()) {
      keys.add(byId ? e.id : e.name);
      Map<String, Object> entry = new TreeMap<>();
      entry.put("name", e.name);
      if (!e.aliases.isEmpty()) {
        List<Object> aliases = new ArrayList<>();
        for (IdentityStore.Alias a : e.aliases) {
          Map<String, Object> am = new TreeMap<>();
          am.put("id", a.id);
          am.put("mount_accessor", a.mountAccessor);
          MountEntry mount = mountByAccessor(a.mountAccessor);
          if (mount != null) {
            am.put("mount_path", mount.path);
            am.put("mount_type", mount.type);
          }
          am.put("name", a.name);
          aliases.add(am);
        }
        entry.put("aliases", aliases);
      }
      info.put(e.id, entry); // keyed by id in both lists, as OpenBao's handlePathEntityListCommon
    }
    return listWithInfo(keys, info);
  }

  /** Vault's {@code ListResponseWithInfo}; an empty list is a 404. */
  static DevResponse listWithInfo(List<String> keys, Map<String, Object> info) {
    if (keys.isEmpty()) {
      return null;
    }
    keys.sort(null);
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("key_info", info);
    d.put("keys", keys);
    return DevResponse.of(d);
  }

  // ---------------------------------------------------------------------------------------------------- aliases

  private DevResponse alias(DevRequest req, String id) {
    IdentityStore.Alias a = store.aliasById(id);
    switch (req.operation()) {
      case READ:
        return a == null ? null : DevResponse.of(describeAlias(a, true));
      case DELETE:
        if (a != null) {
          IdentityStore.Entity owner = store.entities.get(a.canonicalId);
          if (owner != null) {
            owner.aliases.remove(a);
          }
        }
        return DevResponse.noContent();
      case CREATE:
      case UPDATE:
        return upsertAlias(req, id);
      default:
        throw DevException.unsupportedOperation();
    }
  }

  /** {@code entity-alias}: a new alias of an entity (created when {@code canonical_id} is absent), or an update. */
  private DevResponse upsertAlias(DevRequest req, String id) {
    String name = req.string("name", "");
    String accessor = req.string("mount_accessor", "");
    String canonicalId = req.string("canonical_id", req.string("entity_id", ""));
    if (!id.isEmpty()) {
      IdentityStore.Alias a = store.aliasById(id);
      if (a == null) {
        throw DevException.badRequest("invalid alias ID provided");
      }
      return updateAlias(req, a, name, accessor, canonicalId);
    }
    if (name.isEmpty() || accessor.isEmpty()) {
      throw DevException.badRequest("'id' or 'mount_accessor' and 'name' must be provided");
    }
    if (mountByAccessor(accessor) == null) {
      throw DevException.badRequest("invalid mount accessor \"" + accessor + "\"");
    }
    IdentityStore.Alias existing = store.aliasByFactors(accessor, name);
    if (existing != null) {
      return updateAlias(req, existing, name, accessor, canonicalId);
    }
    IdentityStore.Entity entity;
    if (!canonicalId.isEmpty()) {
      entity = store.entities.get(canonicalId);
      if (entity == null) {
        throw DevException.badRequest("invalid canonical ID");
      }
    } else {
      entity = store.newEntity(null);
    }
    for (IdentityStore.Alias a : entity.aliases) {
      if (a.mountAccessor.equals(accessor)) {
        throw DevException.badRequest("Alias already exists for requested entity and mount accessor");
      }
    }
    IdentityStore.Alias a = store.addAlias(entity, accessor, name, null);
    if (req.has("custom_metadata")) {
      a.customMetadata = kvPairs(req, "custom_metadata");
    }
    Map<String, Object> d = new TreeMap<>();
    d.put("canonical_id", entity.id);
    d.put("id", a.id);
    return DevResponse.of(d);
  }

  private DevResponse updateAlias(DevRequest req, IdentityStore.Alias a, String name, String accessor,
      String canonicalId) {
    if (!canonicalId.isEmpty() && !canonicalId.equals(a.canonicalId)) {
      IdentityStore.Entity target = store.entities.get(canonicalId);
      if (target == null) {
        throw DevException.badRequest("invalid canonical ID");
      }
      IdentityStore.Entity owner = store.entities.get(a.canonicalId);
      if (owner != null) {
        owner.aliases.remove(a);
      }
      target.aliases.add(a);
      a.canonicalId = target.id;
    }
    if (!name.isEmpty()) {
      a.name = name;
    }
    if (!accessor.isEmpty()) {
      a.mountAccessor = accessor;
    }
    if (req.has("custom_metadata")) {
      a.customMetadata = kvPairs(req, "custom_metadata");
    }
    a.updated = store.now();
    Map<String, Object> d = new TreeMap<>();
    d.put("canonical_id", a.canonicalId);
    d.put("id", a.id);
    return DevResponse.of(d);
  }

  private DevResponse listAliases() {
    List<String> keys = new ArrayList<>();
    Map<String, Object> info = new TreeMap<>();
    for (IdentityStore.Entity e : store.entities.values()) {
      for (IdentityStore.Alias a : e.aliases) {
        keys.add(a.id);
        Map<String, Object> m = new TreeMap<>();
        m.put("canonical_id", a.canonicalId);
        m.put("custom_metadata", a.customMetadata);
        m.put("local", false);
        m.put("mount_accessor", a.mountAccessor);
        MountEntry mount = mountByAccessor(a.mountAccessor);
        if (mount != null) {
          m.put("mount_path", mount.path);
          m.put("mount_type", mount.type);
        }
        m.put("name", a.name);
        info.put(a.id, m);
      }
    }
    return listWithInfo(keys, info);
  }

  private MountEntry mountByAccessor(String accessor) {
    for (MountEntry m : core.mounts.all()) {
      if (m.accessor.equals(accessor)) {
        return m;
      }
    }
    return null;
  }

  /** Vault's {@code TypeKVPairs}: a JSON object of strings (values rendered). */
  static Map<String, String> kvPairs(DevRequest req, String field) {
    Map<String, Object> raw = req.map(field);
    Map<String, String> out = new TreeMap<>();
    raw.forEach((k, v) -> out.put(k, v == null ? "" : v.toString()));
    return out;
  }

  static List<String> ids(List<IdentityStore.Group> groups) {
    List<String> out = new ArrayList<>();
    groups.forEach(g -> out.add(g.id));
    return out;
  }
}
