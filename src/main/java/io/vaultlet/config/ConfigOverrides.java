package io.vaultlet.config;

/**
 * Values given on the command line; they beat the environment and the files. Null means "flag not given".
 *
 * @param address {@code -address}
 * @param tlsSkipVerify {@code -tls-skip-verify}
 * @param exitAfterAuth {@code -exit-after-auth}
 * @param logLevel {@code -log-level}
 * @param logFormat {@code -log-format}
 */
public record ConfigOverrides(
    String address,
    String caCert,
    String caPath,
    String clientCert,
    String clientKey,
    Boolean tlsSkipVerify,
    String tlsServerName,
    String namespace,
    Boolean exitAfterAuth,
    String logLevel,
    String logFormat) {

  /** No flags given. */
  public static ConfigOverrides none() {
    return new ConfigOverrides(null, null, null, null, null, null, null, null, null, null, null);
  }

  /** Only the logging flags (what {@code agent} and {@code config check} have today). */
  public static ConfigOverrides logging(String logLevel, String logFormat) {
    return new ConfigOverrides(null, null, null, null, null, null, null, null, null, logLevel, logFormat);
  }
}
