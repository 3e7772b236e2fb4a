package io.vaultlet.dev;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code identity/group}, {@code group/id/<id>}, {@code group/name/<name>} and their lists, as OpenBao's
 * {@code identity/store_groups.go}: internal groups with policies, metadata, member entities and member groups (kept
 * as {@code parent_group_ids} on the member). External groups are accepted but get no members (their group aliases
 * are not emulated). Called with the {@link IdentityStore} lock held.
 */
final class IdentityGroups {

  private final IdentityStore store;

  IdentityGroups(IdentityStore store) {
    this.store = store;
  }

  DevResponse handle(DevRequest req, String p) {
    if (p.equals("group")) {
      Routes.writesOnly(req);
      if (req.has("id")) {
        return updateById(req, req.string("id"));
      }
      if (req.has("name")) {
        return upsert(req, store.groupByName(req.string("name")), req.string("name"));
      }
      return upsert(req, null, "");
    }
    if (p.equals("group/id/") || p.equals("group/name/")) {
      Routes.only(req, Operation.LIST);
      return list(p.equals("group/id/"));
    }
    if (p.startsWith("group/id/")) {
      String id = p.substring("group/id/".length());
      return entry(req, store.groups.get(id), () -> updateById(req, id));
    }
    if (p.startsWith("group/name/")) {
      String name = p.substring("group/name/".length());
      IdentityStore.Group g = store.groupByName(name);
      return entry(req, g, () -> upsert(req, g, name));
    }
    throw DevException.unsupportedPath();
  }

  private DevResponse entry(DevRequest req, IdentityStore.Group g, java.util.function.Supplier<DevResponse> write) {
    switch (req.operation()) {
      case READ:
        return g == null ? null : DevResponse.of(describe(g));
      case DELETE:
        if (g != null) {
          store.deleteGroup(g);
        }
        return DevResponse.noContent();
      case CREATE:
      case UPDATE:
        return write.get();
      default:
        throw DevException.unsupportedOperation();
    }
  }

  private DevResponse updateById(DevRequest req, String id) {
    IdentityStore.Group g = store.groups.get(id);
    if (g == null) {
      throw DevException.badRequest("invalid group ID");
    }
    return upsert(req, g, "");
  }

  /** OpenBao's {@code handleGroupUpdateCommon}: validates everything, then applies; a new group answers id and name. */
  private DevResponse upsert(DevRequest req, IdentityStore.Group existing, String pathName) {
    List<String> policies = req.has("policies") ? TokenRoles.dedupe(req.strings("policies"), true) : null;
    if (policies != null && policies.contains("root")) {
      throw DevException.badRequest("policies cannot contain root");
    }
    String type = existing == null ? "internal" : existing.type;
    if (req.has("type")) {
      String t = req.string("type");
      if (existing != null && !t.equals(existing.type)) {
        throw DevException.badRequest("group type cannot be changed");
      }
      type = t;
    }
    if (!type.equals("internal") && !type.equals("external")) {
      throw DevException.badRequest("invalid group type \"" + type + "\"");
    }
    String name = pathName.isEmpty() ? req.string("name", "") : pathName;
    if (!name.isEmpty()) {
      IdentityStore.Group byName = store.groupByName(name);
      if (byName != null && (existing == null || !byName.id.equals(existing.id))) {
        throw DevException.badRequest("group name is already in use");
      }
    }
    List<String> members = null;
    if (req.has("member_entity_ids")) {
      if (type.equals("external")) {
        throw DevException.badRequest("member entities can't be set manually for external groups");
      }
      for (String id : req.strings("member_entity_ids")) {
        if (!store.entities.containsKey(id)) {
          throw DevException.internal("invalid member entity ID \"" + id + "\"");
        }
      }
      members = List.copyOf(req.strings("member_entity_ids"));
    }
    List<String> memberGroups = null;
    if (req.has("member_group_ids")) {
      if (type.equals("external")) {
        throw DevException.badRequest("member groups can't be set for external groups");
      }
      memberGroups = req.strings("member_group_ids");
      for (String id : memberGroups) {
        if (!store.groups.containsKey(id)) {
          throw DevException.internal("invalid member group ID \"" + id + "\"");
        }
        if (existing != null && id.equals(existing.id)) {
          throw DevException.badRequest("member group ID \"" + id + "\" is same as the ID of the group");
        }
      }
    }
    boolean created = existing == null;
    IdentityStore.Group g = created ? new IdentityStore.Group() : existing;
    if (created) {
      g.id = Ids.uuid();
      g.created = store.now();
      g.name = name.isEmpty() ? store.generateName("group") : name;
      store.groups.put(g.id, g);
    } else if (!name.isEmpty()) {
      g.name = name;
    }
    g.type = type;
    if (policies != null) {
      g.policies = policies;
    }
    if (req.has("metadata")) {
      g.metadata = IdentityBackend.kvPairs(req, "metadata");
    }
    if (members != null) {
      g.memberEntityIds = members;
    }
    if (memberGroups != null) {
      setMemberGroups(g, memberGroups);
    }
    g.updated = store.now();
    g.modifyIndex++;
    if (!created) {
      return DevResponse.noContent();
    }
    Map<String, Object> d = new TreeMap<>();
    d.put("id", g.id);
    d.put("name", g.name);
    return DevResponse.of(d);
  }

  /** Member groups record this group as a parent; groups no longer listed drop it. */
  private void setMemberGroups(IdentityStore.Group g, List<String> memberIds) {
    for (IdentityStore.Group other : store.groups.values()) {
      boolean member = memberIds.contains(other.id);
      boolean hasParent = other.parentGroupIds.contains(g.id);
      if (member != hasParent) {
        List<String> parents = new ArrayList<>(other.parentGroupIds);
        if (member) {
          parents.add(g.id);
        } else {
          parents.remove(g.id);
        }
        other.parentGroupIds = List.copyOf(parents);
      }
    }
  }

  private Map<String, Object> describe(IdentityStore.Group g) {
    Map<String, Object> d = new TreeMap<>();
    d.put("alias", new TreeMap<>());
    d.put("creation_time", Times.rfc3339Nano(g.created));
    d.put("id", g.id);
    d.put("last_update_time", Times.rfc3339Nano(g.updated));
    d.put("member_entity_ids", g.memberEntityIds);
    List<String> memberGroups = store.memberGroupIds(g.id);
    d.put("member_group_ids", memberGroups.isEmpty() ? null : memberGroups);
    d.put("metadata", g.metadata);
    d.put("modify_index", g.modifyIndex);
    d.put("name", g.name);
    d.put("namespace_id", "root");
    d.put("parent_group_ids", g.parentGroupIds.isEmpty() ? null : g.parentGroupIds);
    d.put("policies", g.policies);
    d.put("type", g.type);
    return d;
  }

  private DevResponse list(boolean byId) {
    List<String> keys = new ArrayList<>();
    Map<String, Object> info = new TreeMap<>();
    for (IdentityStore.Group g : store.groups.values()) {
      keys.add(byId ? g.id : g.name);
      Map<String, Object> entry = new TreeMap<>();
      entry.put("name", g.name);
      entry.put("num_member_entities", g.memberEntityIds == null ? 0 : g.memberEntityIds.size());
      entry.put("num_parent_groups", g.parentGroupIds.size());
      info.put(g.id, entry);
    }
    return IdentityBackend.listWithInfo(keys, info);
  }
}
