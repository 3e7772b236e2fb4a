package io.vaultlet.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code vault} block after overrides (flag &gt; environment &gt; file &gt; default; vault-agent.md §1.1, §1.4).
 *
 * @param address upstream server, default {@code https://127.0.0.1:8200}
 * @param caCert PEM CA bundle file ({@code ca_cert}, {@code VAULT_CACERT})
 * @param caPath directory of PEM CAs ({@code ca_path}, {@code VAULT_CAPATH})
 * @param clientCert mTLS client certificate file ({@code client_cert}, {@code VAULT_CLIENT_CERT})
 * @param clientKey mTLS client key <em>file path</em> ({@code client_key}, {@code VAULT_CLIENT_KEY})
 * @param tlsSkipVerify {@code tls_skip_verify}, {@code VAULT_SKIP_VERIFY}
 * @param tlsServerName SNI ({@code tls_server_name}, {@code VAULT_TLS_SERVER_NAME})
 * @param namespace {@code namespace}, {@code VAULT_NAMESPACE} (Vault Enterprise)
 * @param numRetries HTTP retries of the template and proxy clients, as bound from {@code retry.num_retries}: the key
 *     missing or 0 is 12, -1 is 0 (disabled); read it through {@link #effectiveRetries()}
 * @param redirectAddresses vaultlet extension {@code redirect_addresses}: other Vault nodes ({@code scheme://host:port})
 *     a redirect may lead to; without them only redirects to {@code address}'s own scheme, host and port are followed
 * @param clientTimeout vaultlet: {@code client_timeout}, {@code VAULT_CLIENT_TIMEOUT}: how long one request may take,
 *     response headers and body (Vault's Go client reads the same variable; default 60s); empty for the default
 */
public record VaultConfig(
    String address,
    Optional<String> caCert,
    Optional<String> caPath,
    Optional<String> clientCert,
    Optional<String> clientKey,
    boolean tlsSkipVerify,
    Optional<String> tlsServerName,
    Optional<String> namespace,
    int numRetries,
    List<String> redirectAddresses,
    Optional<Duration> clientTimeout) {

  public VaultConfig {
    redirectAddresses = redirectAddresses == null ? List.of() : List.copyOf(redirectAddresses);
  }

  /** Vault's keys only (no vaultlet extension). */
  public VaultConfig(String address, Optional<String> caCert, Optional<String> caPath, Optional<String> clientCert,
      Optional<String> clientKey, boolean tlsSkipVerify, Optional<String> tlsServerName, Optional<String> namespace,
      int numRetries) {
    this(address, caCert, caPath, clientCert, clientKey, tlsSkipVerify, tlsServerName, namespace, numRetries,
        List.of(), Optional.empty());
  }

  public static final String DEFAULT_ADDRESS = "https://127.0.0.1:8200";
  public static final int DEFAULT_NUM_RETRIES = 12;

  /**
   * How many times a failed request is retried (the proxy's client, each template dependency): what the binder made
   * of {@code retry.num_retries} as Vault Agent reads it — the key missing or 0 is {@link #DEFAULT_NUM_RETRIES}, -1
   * none (0). The one place that reads it: the runtime used to read 0 as 12 a second time, so {@code -1} retried 12
   * times.
   */
  public int effectiveRetries() {
    return Math.max(0, numRetries);
  }

  /** The configuration without a {@code vault} block. */
  public static VaultConfig defaults() {
    return new VaultConfig(DEFAULT_ADDRESS, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        false, Optional.empty(), Optional.empty(), DEFAULT_NUM_RETRIES, List.of(), Optional.empty());
  }
}
