/**
 * The Vault API emulator behind {@code vaultlet dev}: an in-memory server speaking Vault's HTTP API, for development
 * and tests only (docs/dev-server.md).
 *
 * <h2>Starting it</h2>
 *
 * {@link io.vaultlet.dev.DevServer#start(DevOptions)} listens (ephemeral port by default) and returns; use
 * {@link io.vaultlet.dev.DevServer#address()} and {@link io.vaultlet.dev.DevServer#rootToken()}, move time with
 * {@link io.vaultlet.dev.DevServer#advanceClock}, and {@code close()} it.
 *
 * <h2>Plugin API for secret engines and auth methods</h2>
 *
 * <ul>
 *   <li>{@link io.vaultlet.dev.Backend}: answers {@link io.vaultlet.dev.DevRequest}s with
 *       {@link io.vaultlet.dev.DevResponse}s or throws {@link io.vaultlet.dev.DevException}.
 *   <li>{@link io.vaultlet.dev.LeaseSpec}: a lease for a secret (TTLs, renewable, revoke and renew callbacks); the
 *       core registers, renews, expires and revokes it, and revokes it with its token.
 *   <li>{@link io.vaultlet.dev.TokenSpec}: the token a login creates (policies, {@link io.vaultlet.dev.TtlLimits},
 *       metadata, alias, renew callback).
 *   <li>{@link io.vaultlet.dev.BackendRegistry} / {@link io.vaultlet.dev.BackendProvider}: types by name, contributed
 *       through {@code META-INF/services}, with start/stop hooks.
 *   <li>{@link io.vaultlet.dev.MountContext}: what a backend learns when mounted (path, options, TTLs, the
 *       {@link io.vaultlet.dev.DevClock}, the server's {@link io.vaultlet.dev.DevOptions}).
 * </ul>
 *
 * <p>Everything else in the package is the core (package-private): the pipeline ({@code Core}), the expiration
 * manager, token store, ACLs, kv, cubbyhole, wrapping, faults and the HTTP front.
 */
package io.vaultlet.dev;
