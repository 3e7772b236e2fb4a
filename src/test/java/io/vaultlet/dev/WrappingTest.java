package io.vaultlet.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WrappingTest extends EmulatorTest {

  @Test
  void wrapTtlHeaderReturnsOnlyWrapInfoAndUnwrapGivesTheOriginalOnce() {
    vault.post("/v1/secret/data/app", Map.of("data", Map.of("password", "s3cret")));
    Http.Response wrapped = vault.withHeader("X-Vault-Wrap-TTL", "5m").get("/v1/secret/data/app");
    assertThat(wrapped.status()).isEqualTo(200);
    assertThat(wrapped.json()).containsEntry("request_id", "").containsEntry("data", null)
        .containsEntry("auth", null);
    Map<String, Object> info = wrapped.wrapInfo();
    assertThat(info).containsEntry("ttl", 300).containsEntry("creation_path", "secret/data/app")
        .containsEntry("creation_time", "2026-01-01T00:00:00Z").doesNotContainKey("wrapped_accessor");
    String wrapToken = (String) info.get("token");

    Http.Response lookup = vault.withToken(null).post("/v1/sys/wrapping/lookup", Map.of("token", wrapToken));
    assertThat(lookup.data()).containsEntry("creation_ttl", 300).containsEntry("creation_path", "secret/data/app");

    Http.Response unwrapped = vault.withToken(wrapToken).post("/v1/sys/wrapping/unwrap", null);
    assertThat(unwrapped.status()).isEqualTo(200);
    assertThat((String) unwrapped.json().get("request_id")).isNotEmpty();
    assertThat(unwrapped.data().get("data")).isEqualTo(Map.of("password", "s3cret"));

    Http.Response again = vault.withToken(wrapToken).post("/v1/sys/wrapping/unwrap", null);
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.errors()).containsExactly("wrapping token is not valid or does not exist");
  }

  @Test
  void wrappedTokenCreateReportsTheWrappedAccessorAndUnwrapsWithAnotherToken() {
    Http.Response wrapped = vault.withHeader("X-Vault-Wrap-TTL", "60").post("/v1/auth/token/create",
        Map.of("policies", List.of("default")));
    Map<String, Object> info = wrapped.wrapInfo();
    assertThat((String) info.get("wrapped_accessor")).hasSize(24);
    Http.Response unwrapped = vault.post("/v1/sys/wrapping/unwrap", Map.of("token", info.get("token")));
    assertThat(unwrapped.auth()).containsEntry("accessor", info.get("wrapped_accessor"));
  }

  @Test
  void wrappingTokensExpire() {
    Http.Response wrapped = vault.withHeader("X-Vault-Wrap-TTL", "1m").post("/v1/sys/wrapping/wrap",
        Map.of("zip", "zap"));
    String t = (String) wrapped.wrapInfo().get("token");
    server.advanceClock(Duration.ofSeconds(61));
    assertThat(vault.withToken(t).post("/v1/sys/wrapping/unwrap", null).status()).isEqualTo(400);
  }

  @Test
  void wrapEndpointWrapsArbitraryDataAndRequiresTheHeader() {
    Http.Response wrapped = vault.withHeader("X-Vault-Wrap-TTL", "1m").post("/v1/sys/wrapping/wrap",
        Map.of("zip", "zap"));
    assertThat(wrapped.wrapInfo()).containsEntry("creation_path", "sys/wrapping/wrap");
    Http.Response un = vault.withToken((String) wrapped.wrapInfo().get("token")).post("/v1/sys/wrapping/unwrap", null);
    assertThat(un.data()).isEqualTo(Map.of("zip", "zap"));
    assertThat(vault.post("/v1/sys/wrapping/wrap", Map.of("a", "b")).status()).isEqualTo(400);
  }

  @Test
  void rewrapIssuesANewTokenForTheSameResponse() {
    Http.Response wrapped = vault.withHeader("X-Vault-Wrap-TTL", "1m").post("/v1/sys/wrapping/wrap",
        Map.of("zip", "zap"));
    String first = (String) wrapped.wrapInfo().get("token");
    Http.Response re = vault.post("/v1/sys/wrapping/rewrap", Map.of("token", first));
    String second = (String) re.wrapInfo().get("token");
    assertThat(second).isNotEqualTo(first);
    assertThat(vault.withToken(first).post("/v1/sys/wrapping/unwrap", null).status()).isEqualTo(400);
    assertThat(vault.withToken(second).post("/v1/sys/wrapping/unwrap", null).data()).isEqualTo(Map.of("zip", "zap"));
  }

  @Test
  void aNormalTokenIsNotAWrappingToken() {
    Http.Response r = vault.post("/v1/sys/wrapping/lookup", Map.of("token", server.rootToken()));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errors()).containsExactly("wrapping token is not valid or does not exist");
    Http.Response empty = vault.post("/v1/sys/wrapping/lookup", Map.of("token", ""));
    assertThat(empty.status()).isEqualTo(403);
  }

  @Test
  void negativeWrapTtlIsRefused() {
    Http.Response r = vault.withHeader("X-Vault-Wrap-TTL", "-5").get("/v1/auth/token/lookup-self");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errors()).containsExactly(
        "error parsing X-Vault-Wrap-TTL header: requested wrap ttl cannot be negative");
  }

  @Test
  void backendsNameTheWrappedAccessor() {
    mountStub(0, 0);
    Http.Response r = vault.withHeader("X-Vault-Wrap-TTL", "2m").post("/v1/stub/secret-id", Map.of());
    assertThat(r.wrapInfo()).containsEntry("wrapped_accessor", "acc-1").containsEntry("creation_path",
        "stub/secret-id");
  }

  @Test
  void wrappedDynamicSecretKeepsItsLeaseRunningFromWrapTime() {
    mountStub(0, 0);
    Http.Response r = vault.withHeader("X-Vault-Wrap-TTL", "5m").get("/v1/stub/creds/app?ttl=1h");
    String wrapToken = (String) r.wrapInfo().get("token");
    server.advanceClock(Duration.ofMinutes(4));
    Http.Response un = vault.withToken(wrapToken).post("/v1/sys/wrapping/unwrap", null);
    assertThat(un.json()).containsEntry("lease_duration", 3600);
    String leaseId = (String) un.json().get("lease_id");
    assertThat(vault.post("/v1/sys/leases/lookup", Map.of("lease_id", leaseId)).data())
        .containsEntry("ttl", 3360);
  }
}
