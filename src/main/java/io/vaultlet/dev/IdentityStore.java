package io.vaultlet.dev;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The identity store's state: entities with their aliases, and groups (Vault's {@code identity/} mount, served by
 * {@link IdentityBackend}). Logins create or find the entity of their alias, as Vault's {@code CreateOrFetchEntity}
 * does, so a login token's {@code entity_id} names a real entity; the policies of that entity and of the groups it is a
 * member of (directly or through parent groups) are the token's identity policies, which ACLs include. All methods
 * synchronize on this store.
 */
final class IdentityStore {

  /** An entity alias: one identity in one auth mount. */
  static final class Alias {
    String id;
    String name;
    String mountAccessor;
    String canonicalId;
    Map<String, String> metadata;
    Map<String, String> customMetadata;
    Instant created;
    Instant updated;
  }

  static final class Entity {
    String id;
    String name;
    Map<String, String> metadata;
    List<String> policies = List.of();
    boolean disabled;
    Instant created;
    Instant updated;
    final List<Alias> aliases = new ArrayList<>();
  }

  static final class Group {
    String id;
    String name;
    String type = "internal";
    List<String> policies = List.of();
    Map<String, String> metadata;
    List<String> memberEntityIds;
    /** The groups this group is a member of (Vault keeps parents on the child). */
    List<String> parentGroupIds = List.of();
    Instant created;
    Instant updated;
    long modifyIndex;
  }

  final Map<String, Entity> entities = new LinkedHashMap<>();
  final Map<String, Group> groups = new LinkedHashMap<>();
  private final java.time.Clock clock;

  IdentityStore(java.time.Clock clock) {
    this.clock = clock;
  }

  Instant now() {
    return clock.instant();
  }

  /** Vault's {@code generateName}: {@code entity_1a2b3c4d}, {@code group_…}, unique. */
  synchronized String generateName(String type) {
    while (true) {
      String name = type + "_" + Ids.hex(8);
      if (entityByName(name) == null && groupByName(name) == null) {
        return name;
      }
    }
  }

  synchronized Entity entityByName(String name) {
    for (Entity e : entities.values()) {
      if (e.name.equals(name)) {
        return e;
      }
    }
    return null;
  }

  synchronized Group groupByName(String name) {
    for (Group g : groups.values()) {
      if (g.name.equals(name)) {
        return g;
      }
    }
    return null;
  }

  synchronized Alias aliasById(String id) {
    for (Entity e : entities.values()) {
      for (Alias a : e.aliases) {
        if (a.id.equals(id)) {
          return a;
        }
      }
    }
    return null;
  }

  synchronized Alias aliasByFactors(String mountAccessor, String name) {
    for (Entity e : entities.values()) {
      for (Alias a : e.aliases) {
        if (a.mountAccessor.equals(mountAccessor) && a.name.equals(name)) {
          return a;
        }
      }
    }
    return null;
  }

  /** A new entity with a generated id and name, stored. */
  synchronized Entity newEntity(String name) {
    Entity e = new Entity();
    e.id = Ids.uuid();
    e.name = name == null || name.isEmpty() ? generateName("entity") : name;
    e.created = now();
    e.updated = e.created;
    entities.put(e.id, e);
    return e;
  }

  /** A new alias of {@code entity} in the mount with this accessor. */
  synchronized Alias addAlias(Entity entity, String mountAccessor, String name, Map<String, String> metadata) {
    Alias a = new Alias();
    a.id = Ids.uuid();
    a.name = name;
    a.mountAccessor = mountAccessor;
    a.canonicalId = entity.id;
    a.metadata = metadata == null || metadata.isEmpty() ? null : new LinkedHashMap<>(metadata);
    a.created = now();
    a.updated = a.created;
    entity.aliases.add(a);
    entity.updated = a.created;
    return a;
  }

  /** Vault's {@code CreateOrFetchEntity} for a login: the alias's entity, created with the alias when missing. */
  synchronized String entityIdForLogin(String mountAccessor, String aliasName, Map<String, String> aliasMetadata) {
    Alias existing = aliasByFactors(mountAccessor, aliasName);
    if (existing != null) {
      return existing.canonicalId;
    }
    Entity e = newEntity(null);
    addAlias(e, mountAccessor, aliasName, aliasMetadata);
    return e.id;
  }

  synchronized void deleteEntity(Entity e) {
    entities.remove(e.id);
    for (Group g : groups.values()) {
      if (g.memberEntityIds != null && g.memberEntityIds.contains(e.id)) {
        List<String> members = new ArrayList<>(g.memberEntityIds);
        members.remove(e.id);
        g.memberEntityIds = members;
      }
    }
  }

  synchronized void deleteGroup(Group g) {
    groups.remove(g.id);
    for (Group other : groups.values()) {
      if (other.parentGroupIds.contains(g.id)) {
        List<String> parents = new ArrayList<>(other.parentGroupIds);
        parents.remove(g.id);
        other.parentGroupIds = parents;
      }
    }
  }

  /** Groups with the entity as a direct member. */
  synchronized List<Group> directGroups(String entityId) {
    List<Group> out = new ArrayList<>();
    for (Group g : groups.values()) {
      if (g.memberEntityIds != null && g.memberEntityIds.contains(entityId)) {
        out.add(g);
      }
    }
    return out;
  }

  /** Groups the entity belongs to through its direct groups' parents (transitively), excluding the direct ones. */
  synchronized List<Group> inheritedGroups(String entityId) {
    Set<String> seen = new LinkedHashSet<>();
    List<Group> direct = directGroups(entityId);
    direct.forEach(g -> seen.add(g.id));
    List<Group> out = new ArrayList<>();
    List<Group> frontier = new ArrayList<>(direct);
    while (!frontier.isEmpty()) {
      List<Group> next = new ArrayList<>();
      for (Group g : frontier) {
        for (String parentId : g.parentGroupIds) {
          Group parent = groups.get(parentId);
          if (parent != null && seen.add(parent.id)) {
            out.add(parent);
            next.add(parent);
          }
        }
      }
      frontier = next;
    }
    return out;
  }

  /** Ids of the groups that have {@code groupId} as a member. */
  synchronized List<String> memberGroupIds(String groupId) {
    List<String> out = new ArrayList<>();
    for (Group g : groups.values()) {
      if (g.parentGroupIds.contains(groupId)) {
        out.add(g.id);
      }
    }
    return out;
  }

  /**
   * The identity policies of a token's entity: the entity's own and those of its groups, sorted; empty for no entity,
   * an unknown one or a disabled one (Vault refuses a disabled entity's tokens: {@link #disabled}).
   */
  synchronized List<String> policiesFor(String entityId) {
    Entity e = entityId == null || entityId.isEmpty() ? null : entities.get(entityId);
    if (e == null) {
      return List.of();
    }
    Set<String> out = new TreeSet<>(e.policies);
    for (Group g : directGroups(e.id)) {
      out.addAll(g.policies);
    }
    for (Group g : inheritedGroups(e.id)) {
      out.addAll(g.policies);
    }
    return List.copyOf(out);
  }

  synchronized boolean disabled(String entityId) {
    Entity e = entityId == null || entityId.isEmpty() ? null : entities.get(entityId);
    return e != null && e.disabled;
  }

  /** A token's policies plus its identity policies, for its ACL. */
  List<String> allPolicies(Collection<String> tokenPolicies, String entityId) {
    List<String> identity = policiesFor(entityId);
    if (identity.isEmpty()) {
      return List.copyOf(tokenPolicies);
    }
    Set<String> all = new TreeSet<>(tokenPolicies);
    all.addAll(identity);
    return List.copyOf(all);
  }
}
