package io.vaultlet.cli;

import io.vaultlet.config.ConfigOverrides;
import picocli.CommandLine.Option;

/**
 * The connection flags {@code vault agent} takes ({@code -address}, {@code -ca-cert}, …). They beat the
 * {@code VAULT_*} environment and the {@code vault {}} block. Null means "not given".
 */
public final class VaultFlags {

  @Option(names = {"-address", "--address"}, paramLabel = "<url>",
      description = "Vault address (beats VAULT_ADDR and vault.address).")
  String address;

  @Option(names = {"-ca-cert", "--ca-cert"}, paramLabel = "<file>", description = "PEM CA bundle to verify Vault's certificate.")
  String caCert;

  @Option(names = {"-ca-path", "--ca-path"}, paramLabel = "<dir>", description = "Directory of PEM CA certificates.")
  String caPath;

  @Option(names = {"-client-cert", "--client-cert"}, paramLabel = "<file>", description = "PEM client certificate for TLS.")
  String clientCert;

  @Option(names = {"-client-key", "--client-key"}, paramLabel = "<file>", description = "PEM client private key for TLS.")
  String clientKey;

  @Option(names = {"-tls-skip-verify", "--tls-skip-verify"}, paramLabel = "<bool>", arity = "0..1", fallbackValue = "true",
      description = "Do not verify Vault's certificate (insecure).")
  Boolean tlsSkipVerify;

  @Option(names = {"-tls-server-name", "--tls-server-name"}, paramLabel = "<name>",
      description = "Name to use as SNI and to verify Vault's certificate against.")
  String tlsServerName;

  @Option(names = {"-namespace", "--namespace"}, paramLabel = "<ns>", description = "Vault namespace (Enterprise).")
  String namespace;

  /** These flags, {@code -exit-after-auth} and the logging flags, as the loader's command-line overrides. */
  ConfigOverrides overrides(Boolean exitAfterAuth, LogOptions log) {
    return new ConfigOverrides(address, caCert, caPath, clientCert, clientKey, tlsSkipVerify, tlsServerName,
        namespace, exitAfterAuth, log.level, log.format);
  }
}
