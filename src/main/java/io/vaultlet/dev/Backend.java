package io.vaultlet.dev;

import java.util.List;

/**
 * A secret engine or an auth method mounted at a path of the emulator: the plugin API of {@code vaultlet dev}.
 *
 * <p>The core does everything Vault's core does around a backend, so a backend only answers requests:
 *
 * <ul>
 *   <li><b>Routing.</b> A request for {@code /v1/<mount>/<rest>} reaches {@link #handle} with {@link DevRequest#path()}
 *       = {@code <rest>} (no leading slash; a LIST keeps its trailing {@code /}). Auth methods are mounted under
 *       {@code auth/}, so {@code /v1/auth/approle/login} reaches the approle backend with path {@code login}.
 *   <li><b>Authentication and ACLs.</b> Before {@code handle} runs, the core has resolved the token, checked the ACL
 *       (capability from {@link DevRequest#operation()}) and decremented {@code num_uses}. Paths listed by
 *       {@link #unauthenticatedPaths()} skip both; their {@link DevRequest#token()} is null.
 *   <li><b>Answers.</b> Return a {@link DevResponse}; return {@code null} for "nothing here" (a read gives
 *       {@code 404 {"errors":[]}}, a write gives 204). Throw {@link DevException} for errors; its status and message
 *       list become {@code {"errors":[…]}}.
 *   <li><b>Leases.</b> Attach a {@link LeaseSpec} with {@link DevResponse#withLease}: the core computes the TTL
 *       (Vault's {@code CalculateTTL}, mount limits included), builds the lease id {@code <mount><path>/<random>},
 *       links the lease to the requesting token (revoking the token revokes the lease) and calls the spec's
 *       revoke callback when the lease is revoked or expires, and its renew callback on {@code sys/leases/renew}.
 *   <li><b>Logins.</b> Return {@link DevResponse#login(TokenSpec)}: the core creates an orphan service token with
 *       those policies, TTLs and metadata and answers with Vault's {@code auth} block. Renewal of that token asks the
 *       spec's {@link TokenSpec.Renewer} for the role's current limits.
 *   <li><b>Wrapping</b>, the envelope, {@code mount_type}, request ids and faults are the core's business.
 * </ul>
 *
 * <p>{@code handle} is called on HTTP worker threads, concurrently: a backend guards its own state. It is never called
 * while the core holds a lock, so a backend may take its time (talk to PostgreSQL); revoke and renew callbacks are
 * also called without core locks held.
 */
public interface Backend {

  /** Answers one request. See the class comment for what the core has already done. */
  DevResponse handle(DevRequest request);

  /**
   * Paths, relative to the mount, that need no token (Vault's {@code PathsSpecial.Unauthenticated}): exact paths, or
   * prefixes ending in {@code *} ({@code "login"}, {@code "login/*"}). Logins belong here.
   */
  default List<String> unauthenticatedPaths() {
    return List.of();
  }

  /**
   * Vault's existence check, for ACLs: {@code true} when a POST/PUT to this path would update something that exists
   * (needs the {@code update} capability), {@code false} when it creates (needs {@code create}). Return {@code null}
   * (the default) for "this backend has no existence check": the request then needs {@code update}, as in Vault.
   */
  default Boolean exists(DevRequest request) {
    return null;
  }

  /** Called once when the mount is disabled or the server stops; the mount's leases have been revoked already. */
  default void close() {}
}
