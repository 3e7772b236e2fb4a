package io.vaultlet.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.vault.VaultClient;
import io.vaultlet.vault.VaultException;
import io.vaultlet.vault.VaultResponse;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API proxy and the lease cache as a Vault client sees them: the project's own client talks to the agent's
 * listener without a token and gets Vault's answers made with the auto-auth token; database credentials are cached
 * (the same on a second request), renewed by the lease watcher, revoked through the proxy and evicted; the metrics
 * count all of it.
 */
class ApiProxyCacheTest {

  @TempDir Path dir;

  private static final String CONFIG = ""
      + "api_proxy { use_auto_auth_token = true }\n"
      + "cache {}\n"
      + "telemetry {\n  prometheus_retention_time = \"1h\"\n  disable_hostname = true\n}\n"
      + "listener \"tcp\" {\n  address = \"127.0.0.1:0\"\n  tls_disable = true\n}\n";

  @Test
  void cachedCredentialsAreRenewedRevokedThroughTheProxyAndEvicted() throws Exception {
    try (ListenerFixture f = new ListenerFixture(dir)) {
      f.database("4s", "1h");
      f.start(CONFIG);
      VaultClient client = VaultClient.create(VaultClient.Settings.builder(f.url()).maxRetries(0).build());
      assertThat(client.hasToken()).isFalse();

      VaultResponse first = client.read("database/creds/app").orElseThrow();
      VaultResponse second = client.read("database/creds/app").orElseThrow();
      assertThat(second.data().path("username").asText()).isEqualTo(first.data().path("username").asText());
      assertThat(second.leaseId()).isEqualTo(first.leaseId());
      assertThat(second.header("X-Cache")).contains("HIT");
      assertThat(first.header("X-Cache")).contains("MISS");

      // the lease watcher renews the cached lease (4s lease: first renewal after about 2.7-3s)
      ListenerFixture.await("a renewal of the cached lease", () -> renewals(f) > 0);
      VaultResponse third = client.read("database/creds/app").orElseThrow();
      assertThat(third.leaseId()).as("still the cached credential after renewal").isEqualTo(first.leaseId());

      // revoked through the proxy: evicted, the next request gets a new credential
      client.withToken(f.token).revokeLease(first.leaseId());
      org.assertj.core.api.Assertions.assertThatThrownBy(
          () -> f.root.write("sys/leases/lookup", Map.of("lease_id", first.leaseId())))
          .as("the lease is revoked at Vault").hasMessageContaining("invalid lease");
      VaultResponse fourth = client.read("database/creds/app").orElseThrow();
      assertThat(fourth.leaseId()).isNotEqualTo(first.leaseId());
      assertThat(fourth.header("X-Cache")).contains("MISS");

      String metrics = f.get("/agent/v1/metrics?format=prometheus").body();
      PrometheusFormat.validate(metrics);
      assertThat(PrometheusFormat.value(metrics, "vault_agent_cache_hit", "")).isEqualTo(2.0);
      assertThat(PrometheusFormat.value(metrics, "vault_agent_cache_store", "")).isEqualTo(2.0);
      assertThat(PrometheusFormat.value(metrics, "vault_agent_cache_evict", "")).isGreaterThanOrEqualTo(1.0);
      assertThat(PrometheusFormat.value(metrics, "vault_agent_proxy_success", "")).isGreaterThanOrEqualTo(5.0);
      assertThat(PrometheusFormat.value(metrics, "vault_agent_auth_success", "")).isGreaterThanOrEqualTo(1.0);
      assertThat(PrometheusFormat.value(metrics, "vault_agent_authenticated", "")).isEqualTo(1.0);
      assertThat(metrics).doesNotContain(f.token).doesNotContain(first.leaseId());
    }
  }

  private static int renewals(ListenerFixture f) {
    try {
      HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create(f.vault.address() + "/_dev/stats")).GET().build(), HttpResponse.BodyHandlers.ofString());
      var m = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).path("requests");
      return m.path("PUT sys/leases/renew").asInt(0) + m.path("POST sys/leases/renew").asInt(0);
    } catch (Exception e) {
      return 0;
    }
  }

  @Test
  void cacheClearEvictsByLeaseRequestPathTokenAndAllWithVaultsAnswers() throws Exception {
    try (ListenerFixture f = new ListenerFixture(dir)) {
      f.database("1h", "24h");
      f.start(CONFIG);
      VaultClient client = VaultClient.create(VaultClient.Settings.builder(f.url()).maxRetries(0).build());
      VaultResponse first = client.read("database/creds/app").orElseThrow();
      assertThat(client.read("database/creds/app").orElseThrow().header("X-Cache")).contains("HIT");

      assertThat(clear(f, "{\"type\":\"lease\",\"value\":\"" + first.leaseId() + "\"}").statusCode()).isEqualTo(200);
      VaultResponse second = client.read("database/creds/app").orElseThrow();
      assertThat(second.header("X-Cache")).contains("MISS");
      assertThat(second.leaseId()).isNotEqualTo(first.leaseId());

      assertThat(clear(f, "{\"type\":\"request_path\",\"value\":\"database/creds\"}").statusCode()).isEqualTo(200);
      VaultResponse third = client.read("database/creds/app").orElseThrow();
      assertThat(third.header("X-Cache")).contains("MISS");

      assertThat(clear(f, "{\"type\":\"all\"}").statusCode()).isEqualTo(200);
      assertThat(client.read("database/creds/app").orElseThrow().header("X-Cache")).contains("MISS");

      // a token created through the cache, then cleared by its accessor: its entry goes
      VaultClient viaAgent = client.withToken(f.token);
      VaultResponse created = viaAgent.write("auth/token/create", Map.of("ttl", "1h")).orElseThrow();
      String accessor = created.auth().orElseThrow().accessor();
      assertThat(clear(f, "{\"type\":\"token_accessor\",\"value\":\"" + accessor + "\"}").statusCode())
          .isEqualTo(200);

      HttpResponse<String> noType = clear(f, "{}");
      assertThat(noType.statusCode()).isEqualTo(400);
      assertThat(noType.body()).contains("failed to parse clear input: no type provided");
      assertThat(clear(f, "{\"type\":\"everything\"}").body()).contains("invalid type provided");
      HttpResponse<String> noLease = clear(f, "{\"type\":\"lease\"}");
      assertThat(noLease.statusCode()).isEqualTo(500);
      assertThat(noLease.body()).contains("failed to clear cache: lease not provided");
      assertThat(clear(f, "not json").statusCode()).isEqualTo(400);

      String metrics = f.get("/agent/v1/metrics?format=prometheus").body();
      assertThat(PrometheusFormat.value(metrics, "vault_agent_cache_evict", "")).isGreaterThanOrEqualTo(4);
    }
  }

  private static HttpResponse<String> clear(ListenerFixture f, String body) throws Exception {
    return f.send(HttpRequest.newBuilder(URI.create(f.url() + "/agent/v1/cache-clear"))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  @Test
  void requestsWithoutTokenGetTheAutoAuthTokenAndErrorsPassThrough() throws Exception {
    try (ListenerFixture f = new ListenerFixture(dir)) {
      f.start(CONFIG);
      VaultClient client = VaultClient.create(VaultClient.Settings.builder(f.url()).maxRetries(0).build());
      client.withToken(f.token).write("secret/data/app", Map.of("data", Map.of("k", "v")));
      assertThat(client.read("secret/data/app").orElseThrow().data().path("data").path("k").asText()).isEqualTo("v");
      // lookup-self with the auto-auth token does not hand out the token (Vault's sanitizing)
      VaultResponse self = client.read("auth/token/lookup-self").orElseThrow();
      assertThat(self.data().has("id")).isFalse();
      assertThat(self.data().has("accessor")).isFalse();
      // a client's own (bad) token is passed on: Vault's 403 comes back unchanged
      try {
        client.withToken("hvs.not-a-token").read("secret/data/app");
        throw new AssertionError("expected 403");
      } catch (VaultException e) {
        assertThat(e.status()).isEqualTo(403);
      }
      String metrics = f.get("/agent/v1/metrics?format=prometheus").body();
      assertThat(PrometheusFormat.value(metrics, "vault_agent_proxy_client_error", "")).isEqualTo(1.0);
      // JSON metrics by default
      HttpResponse<String> json = f.get("/agent/v1/metrics");
      assertThat(json.headers().firstValue("Content-Type")).contains("application/json");
      assertThat(json.body()).contains("\"Counters\"").contains("\"Gauges\"");
    }
  }
}
