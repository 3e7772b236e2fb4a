package io.vaultlet.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Vault Enterprise's {@code X-Vault-Index} in the emulator ({@code /_dev/consistency}): off by default; on, writes
 * (and reads that create a lease or token) answer with the state after them, in Vault's encoding; a lagging node
 * answers a read needing a newer state with 412 and Vault's error, unless the read asks to be forwarded; writes are
 * forwarded and never refused; catching up serves the read.
 */
class ConsistencyIndexTest extends EmulatorTest {

  @Test
  void offByDefault() {
    Http.Response w = vault.post("/v1/secret/data/app", Map.of("data", Map.of("k", "v")));
    assertThat(w.status()).isEqualTo(200);
    assertThat(w.header("X-Vault-Index")).isNull();
    assertThat(vault.get("/_dev/consistency").json()).containsEntry("enabled", false);
  }

  @Test
  void writesCarryTheStateAndALaggingNodeRefusesReadsThatNeedANewerOne() {
    assertThat(vault.post("/_dev/consistency", Map.of("enabled", true)).status()).isEqualTo(200);
    Http.Response first = vault.post("/v1/secret/data/app", Map.of("data", Map.of("k", "1")));
    String s1 = first.header("X-Vault-Index");
    assertThat(s1).isNotNull();
    String decoded = new String(Base64.getDecoder().decode(s1), StandardCharsets.UTF_8);
    String cluster = (String) vault.get("/_dev/consistency").json().get("cluster_id");
    assertThat(decoded).matches("v1:" + cluster + ":1:0:[0-9a-f]{64}");
    Http.Response read = vault.get("/v1/secret/data/app");
    assertThat(read.header("X-Vault-Index")).as("a plain read changes nothing").isNull();
    assertThat(vault.withHeader("X-Vault-Index", s1).get("/v1/secret/data/app").status())
        .as("a caught-up node has the state").isEqualTo(200);

    // the node falls behind: the write goes to the active node, the read needing it is refused
    vault.post("/_dev/consistency", Map.of("lag", true));
    Http.Response second = vault.post("/v1/secret/data/app", Map.of("data", Map.of("k", "2")));
    assertThat(second.status()).as("writes are forwarded, never refused").isEqualTo(200);
    String s2 = second.header("X-Vault-Index");
    assertThat(new String(Base64.getDecoder().decode(s2), StandardCharsets.UTF_8)).startsWith("v1:" + cluster + ":2:0:");
    Http.Response stale = vault.withHeader("X-Vault-Index", s2).get("/v1/secret/data/app");
    assertThat(stale.status()).isEqualTo(412);
    assertThat(stale.errors()).containsExactly("required index state not present");
    assertThat(vault.withHeader("X-Vault-Index", s1).get("/v1/secret/data/app").status())
        .as("an older state is there").isEqualTo(200);
    Http.Response forwarded = vault.withHeader("X-Vault-Index", s2)
        .withHeader("X-Vault-Inconsistent", "forward-active-node").get("/v1/secret/data/app");
    assertThat(forwarded.status()).isEqualTo(200);
    assertThat(forwarded.body()).contains("\"k\":\"2\"");
    assertThat(vault.withHeader("X-Vault-Index", s2).withHeader("X-Vault-Forward", "active-node")
        .get("/v1/secret/data/app").status()).isEqualTo(200);
    // a header not made by this cluster (or tampered with) is not checked
    String forged = Base64.getEncoder().encodeToString(("v1:" + cluster + ":99:0:" + "00".repeat(32))
        .getBytes(StandardCharsets.UTF_8));
    assertThat(vault.withHeader("X-Vault-Index", forged).get("/v1/secret/data/app").status()).isEqualTo(200);
    // the health endpoints never are
    assertThat(vault.withHeader("X-Vault-Index", s2).get("/v1/sys/health").status()).isEqualTo(200);

    vault.post("/_dev/consistency", Map.of("lag", false));
    assertThat(vault.withHeader("X-Vault-Index", s2).get("/v1/secret/data/app").status()).isEqualTo(200);
  }

  @Test
  void aReadThatCreatesALeaseModifiesStorageAPlainReadDoesNot() {
    mountStub(3600, 7200);
    vault.post("/_dev/consistency", Map.of("enabled", true));
    Http.Response creds = vault.get("/v1/stub/creds/app");
    assertThat(creds.status()).isEqualTo(200);
    assertThat(creds.header("X-Vault-Index")).as("a dynamic secret writes its lease").isNotNull();
    assertThat(vault.get("/v1/sys/mounts").header("X-Vault-Index")).isNull();
    assertThat(vault.get("/_dev/consistency").json()).containsEntry("index", 1);
  }
}
