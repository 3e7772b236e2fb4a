package io.vaultlet.template;

import java.util.Optional;

/**
 * What the runtime knows about each {@link Dependency}: the last value fetched for it. Templates read the brain; the
 * runtime fills it. Values use the template data model: {@link Secret} for Vault reads and writes, a list of strings
 * for Vault lists, {@link PemEncoded} for {@code pkiCert}, a string for files. A dependency that was fetched but holds
 * nothing (Go's typed nil, e.g. a KV v1 write with an empty response) is recalled as {@link #NIL}.
 */
public interface Brain {

  /** The recalled value of a dependency that was fetched and is nil. */
  Object NIL = new Object() {
    @Override
    public String toString() {
      return "<nil>";
    }
  };

  /** The value fetched for {@code dependency}, or empty when it has no data yet. */
  Optional<Object> recall(Dependency dependency);

  /** An empty brain: every dependency is missing. */
  static Brain empty() {
    return d -> Optional.empty();
  }
}
