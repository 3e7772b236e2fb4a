package io.vaultlet.auth;

import io.vaultlet.vault.VaultClient;
import java.io.IOException;

/**
 * Where auto-auth publishes each new token ({@code sink "file"}). Written once per distinct token, never on renewal;
 * a failed write is retried by the token manager after 1–3s until it succeeds or a newer token supersedes it.
 */
public interface TokenSink {

  /**
   * Writes {@code content}: the token, or the JSON wrap info when the method logs in with {@code wrap_ttl}.
   *
   * @param client a client carrying the token (for {@code sys/wrapping/wrap} when the sink wraps)
   * @param wrapped true when {@code content} is already the wrap info of a method-level wrapped login
   */
  void write(String content, boolean wrapped, VaultClient client) throws IOException;

  /** For logs: the sink type and path, never contents. */
  String describe();
}
