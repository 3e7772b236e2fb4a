package io.vaultlet.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.vault.VaultClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of every scenario class: the shared {@link ContractTarget}, a root {@link VaultClient} (production client)
 * and a root {@link Wire} (raw HTTP), and setup helpers that only use Vault's HTTP API, so a scenario runs unchanged
 * against the emulator and a real Vault. Scenarios create their mounts under unique paths, because the target is
 * shared by the whole JVM.
 */
abstract class ContractScenario {

  private static final SecureRandom RANDOM = new SecureRandom();

  static ContractTarget target;
  static Wire wire;
  static VaultClient root;

  @BeforeAll
  static void connect() {
    target = ContractTargets.current();
    if (target != null) {
      wire = Wire.to(target).token(target.rootToken());
      root = client(target.rootToken());
    }
  }

  /** Each scenario is reported as skipped, with the reason, when the target cannot run here (no Docker engine). */
  @BeforeEach
  void requireTarget() {
    Assumptions.assumeTrue(target != null,
        () -> "contract scenarios skipped: " + ContractTargets.unavailableReason());
  }

  /** The production client with this token; retries never sleep (a scenario asserts answers, not backoff). */
  static VaultClient client(String token) {
    try {
      VaultClient c = VaultClient.create(VaultClient.Settings.builder(target.address()).build(), d -> { });
      return token == null ? c : c.withToken(token);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code prefix-<8 random lower-case letters>}: a mount path or name no other scenario uses. */
  static String unique(String prefix) {
    StringBuilder b = new StringBuilder(prefix).append('-');
    for (int i = 0; i < 8; i++) {
      b.append((char) ('a' + RANDOM.nextInt(26)));
    }
    return b.toString();
  }

  /** {@code POST sys/mounts/<path>}. */
  static void enableSecrets(String path, String type, Map<String, Object> extra) {
    Map<String, Object> body = new LinkedHashMap<>(extra);
    body.put("type", type);
    wire.ok("POST", "sys/mounts/" + path, body);
  }

  /** {@code POST sys/auth/<path>}. */
  static void enableAuth(String path, String type) {
    wire.ok("POST", "sys/auth/" + path, Map.of("type", type));
  }

  /** {@code PUT sys/policies/acl/<name>} with HCL text. */
  static void writePolicy(String name, String hcl) {
    wire.ok("PUT", "sys/policies/acl/" + name, Map.of("policy", hcl));
  }

  /** A child token of root with these policies and TTL, created through {@code auth/token/create}. */
  static String createToken(List<String> policies, Duration ttl) {
    return wire.ok("POST", "auth/token/create", Map.of("policies", policies, "ttl", ttl.toSeconds() + "s"))
        .auth().get("client_token").asText();
  }

  /**
   * Retries the assertion for up to 10 seconds: Vault revokes a revoked token's leases through its expiration
   * manager shortly after answering (the emulator does it before answering).
   */
  static void eventually(Runnable assertion) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try {
        assertion.run();
        return;
      } catch (AssertionError e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * A PKI mount with a root CA and a role {@code leased} whose certificates carry a (non-renewable) lease: the one
   * leased secret every Vault can issue without an outside system. Returns the mount path.
   */
  static String pkiWithLeasedRole() {
    String pki = unique("pki");
    enableSecrets(pki, "pki", Map.of("config", Map.of("max_lease_ttl", "87600h")));
    wire.ok("POST", pki + "/root/generate/internal", Map.of("common_name", "Contract Root CA", "ttl", "8760h"));
    wire.ok("POST", pki + "/roles/leased", Map.of("allowed_domains", "example.com", "allow_subdomains", true,
        "generate_lease", true, "ttl", "1h", "max_ttl", "72h"));
    return pki;
  }

  /** Skips the scenario unless the target is the emulator (its {@code /_dev/} controls). */
  static void assumeEmulator(String what) {
    Assumptions.assumeTrue(target.isEmulator(), () -> target.lacks(what));
  }

  /** Skips when the optional capability is missing. */
  static <T> T assumePresent(Optional<T> capability, String what) {
    Assumptions.assumeTrue(capability.isPresent(), () -> target.lacks(what));
    return capability.get();
  }

  /** POSTs to an emulator test control ({@code /_dev/...}, outside {@code /v1}). */
  static void emulatorControl(String path, String json) {
    assumeEmulator("the emulator's " + path + " control");
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(target.address().resolve(path))
          .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as("%s", path).isLessThan(300);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
