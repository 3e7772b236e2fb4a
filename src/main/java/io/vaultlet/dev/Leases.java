package io.vaultlet.dev;

import io.vaultlet.support.Log;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The expiration manager's lease table. Revocation calls the backend's revoker outside the lock; a failed revocation
 * keeps the lease (with {@code revoke_error}) and the reaper retries it, as Vault does, up to {@value #MAX_ATTEMPTS}
 * times before giving up on it ("irrevocable").
 */
final class Leases {

  static final int MAX_ATTEMPTS = 6;
  private static final Log LOG = Log.named("dev.expiration");

  private final Map<String, LeaseEntry> byId = new LinkedHashMap<>();
  private final Set<String> revoking = new java.util.HashSet<>();

  synchronized void add(LeaseEntry e) {
    byId.put(e.id, e);
  }

  synchronized LeaseEntry get(String id) {
    return id == null ? null : byId.get(id);
  }

  /**
   * Revokes one lease: calls its revoker, then forgets it. Unknown ids are a no-op (Vault answers 204).
   *
   * @throws DevException 400 with the revoker's error; the lease stays
   */
  void revoke(String id) {
    LeaseEntry e;
    synchronized (this) {
      while (revoking.contains(id)) {
        waitForOtherRevocation();
      }
      e = byId.get(id);
      if (e == null) {
        return;
      }
      revoking.add(id);
    }
    try {
      e.revoker.revoke(e.view());
      synchronized (this) {
        byId.remove(id);
      }
      LOG.debug("revoked lease", "lease_id", id);
    } catch (Exception ex) {
      synchronized (this) {
        e.failedRevocations++;
        e.revokeError = String.valueOf(ex.getMessage());
      }
      LOG.warn("failed to revoke lease", "lease_id", id, "error", String.valueOf(ex.getMessage()));
      throw DevException.badRequest("failed to revoke entry: " + ex.getMessage());
    } finally {
      synchronized (this) {
        revoking.remove(id);
        notifyAll();
      }
    }
  }

  /** Another thread (the reaper, a cascade) is revoking this lease: wait for its outcome instead of racing it. */
  private void waitForOtherRevocation() {
    try {
      wait(1000);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw DevException.internal("interrupted while waiting for a revocation");
    }
  }

  /** Revokes each lease, logging failures instead of throwing (reaper and cascades never die). */
  void revokeQuietly(Collection<String> ids) {
    for (String id : ids) {
      try {
        revoke(id);
      } catch (DevException e) {
        // logged in revoke(); the reaper retries
      }
    }
  }

  /** Forgets a lease without calling its revoker (revoke-force). */
  synchronized void forget(String id) {
    byId.remove(id);
  }

  synchronized List<String> ownedBy(Collection<String> tokenIds) {
    List<String> out = new ArrayList<>();
    for (LeaseEntry e : byId.values()) {
      if (e.tokenId != null && tokenIds.contains(e.tokenId)) {
        out.add(e.id);
      }
    }
    return out;
  }

  synchronized List<String> withPrefix(String prefix) {
    List<String> out = new ArrayList<>();
    for (String id : byId.keySet()) {
      if (id.startsWith(prefix)) {
        out.add(id);
      }
    }
    return out;
  }

  /** Leases past their expiry that are still worth a revocation attempt. */
  synchronized List<String> expired(Instant now) {
    List<String> out = new ArrayList<>();
    for (LeaseEntry e : byId.values()) {
      if (e.expireTime != null && !now.isBefore(e.expireTime) && e.failedRevocations < MAX_ATTEMPTS) {
        out.add(e.id);
      }
    }
    return out;
  }

  synchronized int size() {
    return byId.size();
  }
}
