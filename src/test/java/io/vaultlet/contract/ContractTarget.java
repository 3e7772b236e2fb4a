package io.vaultlet.contract;

import io.vaultlet.dev.database.EmbeddedPostgresServer;
import java.net.URI;
import java.util.Optional;

/**
 * The Vault-compatible server the contract scenarios talk to. Scenarios only use the address, the root token and the
 * HTTP API (mounts, auth methods and policies are enabled with {@link ContractScenario} helpers over HTTP), so the
 * same scenario runs unchanged against the in-process emulator and a real Vault or OpenBao.
 *
 * <p>What cannot be done through Vault's API (emulator test controls, a fake STS, a database reachable from inside a
 * container) is a capability: an empty answer means "not on this target", and the scenario is skipped with the
 * reason from {@link #lacks}.
 */
public interface ContractTarget extends AutoCloseable {

  /** Human-readable name shown in skip reasons and display names, e.g. {@code emulator} or the image name. */
  String name();

  /** Base address, e.g. {@code http://127.0.0.1:8200}, without {@code /v1}. */
  URI address();

  /** A root token of the dev server. */
  String rootToken();

  /** True for the in-process emulator: only then are its {@code /_dev/} test controls available. */
  boolean isEmulator();

  /**
   * The {@code host:port} at which this server reaches the test JVM's shared PostgreSQL, or empty when it cannot
   * (then database scenarios are skipped with {@link #lacks}).
   */
  Optional<String> postgresAddress(EmbeddedPostgresServer postgres);

  /**
   * Registers a fake AWS principal for IAM logins (access key → ARN). Vault forwards the signed request to AWS STS,
   * which a test cannot own, so only targets with a stand-in for STS can do this.
   */
  boolean registerAwsCaller(String authMount, String accessKeyId, String secretAccessKey, String arn);

  /** Why a capability is missing, e.g. {@code "the emulator's fault injection is not available on hashicorp/vault:1.19"}. */
  default String lacks(String what) {
    return what + " is not available on " + name();
  }

  @Override
  void close();
}
