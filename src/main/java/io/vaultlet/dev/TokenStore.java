package io.vaultlet.dev;

import io.vaultlet.support.Redactor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tokens: lookup by id and accessor, parent/child links, use counting, cascade revocation. Pure bookkeeping —
 * leases owned by revoked tokens are revoked by {@link Core}, which calls the methods here and acts on what they
 * return. Every token id is registered with {@link Redactor}, so none can reach a log line.
 */
final class TokenStore {

  private final Map<String, TokenEntry> byId = new HashMap<>();
  private final Map<String, String> idByAccessor = new HashMap<>();

  synchronized void add(TokenEntry entry) {
    if (byId.containsKey(entry.id)) {
      throw DevException.badRequest("cannot create a token with a duplicate ID");
    }
    Redactor.register(entry.id);
    byId.put(entry.id, entry);
    idByAccessor.put(entry.accessor, entry.id);
    if (entry.parentId != null) {
      TokenEntry parent = byId.get(entry.parentId);
      if (parent != null) {
        parent.children.add(entry.id);
      }
    }
  }

  /** The live token with this id, or null (unknown, revoked, or past its expiry). */
  synchronized TokenEntry get(String id, Instant now) {
    if (id == null || id.isEmpty()) {
      return null;
    }
    TokenEntry e = byId.get(id);
    return e == null || e.expiredAt(now) ? null : e;
  }

  synchronized TokenEntry byAccessor(String accessor, Instant now) {
    String id = accessor == null ? null : idByAccessor.get(accessor);
    return id == null ? null : get(id, now);
  }

  /** A consistent snapshot of an entry (its fields change under this store's lock). */
  synchronized TokenView snapshot(TokenEntry e) {
    return e.view();
  }

  /** A snapshot of a live token for backends, or null. */
  synchronized TokenView view(String id, Instant now) {
    TokenEntry e = get(id, now);
    return e == null ? null : e.view();
  }

  /**
   * Counts one use of a token with a use limit. Returns true when this was the last use: the caller revokes the
   * token once the request is done (Vault lets the last use complete).
   */
  synchronized boolean use(TokenEntry e) {
    if (e.numUses <= 0) {
      return false;
    }
    e.numUses--;
    if (e.numUses == 0) {
      e.numUses = -1;
      return true;
    }
    return false;
  }

  /** Whether a token has been used up (its last use is in flight): further requests are refused. */
  synchronized boolean exhausted(TokenEntry e) {
    return e.numUses < 0;
  }

  /**
   * Removes a token and, depth first, every descendant. Returns the removed entries (children before parents), so
   * the caller can revoke their leases and cubbyholes.
   */
  synchronized List<TokenEntry> removeTree(String id) {
    List<TokenEntry> out = new ArrayList<>();
    removeTree(id, out);
    return out;
  }

  private void removeTree(String id, List<TokenEntry> out) {
    TokenEntry e = byId.get(id);
    if (e == null) {
      return;
    }
    for (String child : new ArrayList<>(e.children)) {
      removeTree(child, out);
    }
    byId.remove(id);
    idByAccessor.remove(e.accessor);
    if (e.parentId != null) {
      TokenEntry parent = byId.get(e.parentId);
      if (parent != null) {
        parent.children.remove(id);
      }
    }
    out.add(e);
  }

  /** {@code revoke-orphan}: removes only this token; its children become orphans. */
  synchronized TokenEntry removeOrphaning(String id) {
    TokenEntry e = byId.remove(id);
    if (e == null) {
      return null;
    }
    idByAccessor.remove(e.accessor);
    for (String child : e.children) {
      TokenEntry c = byId.get(child);
      if (c != null) {
        c.parentId = null;
        c.orphan = true;
      }
    }
    if (e.parentId != null && byId.containsKey(e.parentId)) {
      byId.get(e.parentId).children.remove(id);
    }
    return e;
  }

  /** Ids of tokens whose expiry has passed (the reaper revokes them). */
  synchronized List<String> expired(Instant now) {
    List<String> out = new ArrayList<>();
    for (TokenEntry e : byId.values()) {
      if (e.expiredAt(now)) {
        out.add(e.id);
      }
    }
    return out;
  }

  /** Ids of the tokens logged in through an auth mount ({@code path} under {@code auth/<mount>/}). */
  synchronized List<String> issuedUnder(String mountPath) {
    List<String> out = new ArrayList<>();
    for (TokenEntry e : byId.values()) {
      if (e.path != null && e.path.startsWith(mountPath)) {
        out.add(e.id);
      }
    }
    return out;
  }

  synchronized List<String> accessors() {
    return new ArrayList<>(idByAccessor.keySet());
  }

  synchronized int size() {
    return byId.size();
  }
}
