package io.vaultlet.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultlet.vault.StubVault.Reply;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VaultClientTest {

  static final String TOKEN = "hvs.CAESIJtokenUnderTest0123456789";
  static final String KV1_READ = "{\"request_id\":\"44d67afa\",\"lease_id\":\"\",\"renewable\":false,"
      + "\"lease_duration\":2764800,\"data\":{\"password\":\"samplepass\",\"port\":5432,"
      + "\"big\":12345678901234567890,\"ratio\":1.10},\"wrap_info\":null,\"warnings\":null,\"auth\":null,"
      + "\"mount_type\":\"kv\"}";

  StubVault vault;
  RecordingSleeper sleeper = new RecordingSleeper();
  VaultClient client;

  @BeforeEach
  void start() throws IOException {
    vault = StubVault.http();
    client = client(VaultClient.Settings.builder(vault.uri()).build()).withToken(TOKEN);
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  VaultClient client(VaultClient.Settings s) throws IOException {
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    return VaultClient.create(s, sleeper, () -> 0.5, clock);
  }

  @Test
  void sendsVaultHeadersOnEveryRequest() throws IOException {
    vault.enqueue(200, KV1_READ);
    VaultClient c = client(VaultClient.Settings.builder(vault.uri()).namespace("team-a/").build()).withToken(TOKEN);

    c.send(VaultRequest.get("secret/app").wrapTtl(Duration.ofMinutes(5)).build());

    StubVault.Seen r = vault.last();
    assertThat(r.method()).isEqualTo("GET");
    assertThat(r.path()).isEqualTo("/v1/secret/app");
    assertThat(r.header("X-Vault-Token")).isEqualTo(TOKEN);
    assertThat(r.header("X-Vault-Request")).isEqualTo("true");
    assertThat(r.header("X-Vault-Namespace")).isEqualTo("team-a/");
    assertThat(r.header("X-Vault-Wrap-TTL")).isEqualTo("300");
  }

  @Test
  void perRequestNamespaceAndTokenOverrideTheClients() throws IOException {
    VaultClient c = client(VaultClient.Settings.builder(vault.uri()).namespace("team-a").build()).withToken(TOKEN);
    vault.enqueue(204, null).enqueue(204, null).enqueue(204, null);

    c.send(VaultRequest.post("auth/approle/login").namespace("team-b").withoutToken().build());
    c.send(VaultRequest.post("sys/x").namespace("").token("hvs.otherToken1234").build());
    c.withNamespace("team-c").write("sys/y", Map.of());

    assertThat(vault.requests().get(0).header("X-Vault-Namespace")).isEqualTo("team-b");
    assertThat(vault.requests().get(0).header("X-Vault-Token")).isNull();
    assertThat(vault.requests().get(1).header("X-Vault-Namespace")).isNull();
    assertThat(vault.requests().get(1).header("X-Vault-Token")).isEqualTo("hvs.otherToken1234");
    assertThat(vault.requests().get(2).header("X-Vault-Namespace")).isEqualTo("team-c");
  }

  @Test
  void readKeepsTheDataTreeWithExactNumbers() {
    vault.enqueue(200, KV1_READ);

    VaultResponse r = client.read("secret/app", Map.of("version", "2")).orElseThrow();

    assertThat(vault.last().query()).isEqualTo("version=2");
    assertThat(r.requestId()).isEqualTo("44d67afa");
    assertThat(r.leaseDuration()).isEqualTo(2764800L);
    assertThat(r.mountType()).contains("kv");
    JsonNode data = r.data();
    assertThat(data.get("port").isInt()).isTrue();
    assertThat(data.get("big").isBigInteger()).isTrue();
    assertThat(data.get("big").bigIntegerValue().toString()).isEqualTo("12345678901234567890");
    assertThat(data.get("ratio").decimalValue().toPlainString()).isEqualTo("1.10");
    assertThat(data.get("password").asText()).isEqualTo("samplepass");
  }

  @Test
  void parsesAuthAndWrapInfoWithoutShowingTheirTokens() {
    vault.enqueue(200, "{\"request_id\":\"r1\",\"auth\":{\"client_token\":\"hvs.loginTokenSecret999\","
        + "\"accessor\":\"acc1\",\"policies\":[\"default\",\"app\"],\"token_policies\":[\"default\",\"app\"],"
        + "\"metadata\":{\"role\":\"app\"},\"lease_duration\":3600,\"renewable\":true,\"entity_id\":\"e1\","
        + "\"token_type\":\"service\",\"orphan\":true,\"mfa_requirement\":null,\"num_uses\":0}}");
    vault.enqueue(200, "{\"request_id\":\"\",\"wrap_info\":{\"token\":\"hvs.wrappingTokenSecret7\","
        + "\"accessor\":\"wacc\",\"ttl\":300,\"creation_time\":\"2025-01-01T10:00:00.123456789Z\","
        + "\"creation_path\":\"auth/approle/login\",\"wrapped_accessor\":\"acc1\"}}");

    VaultResponse login = client.write("auth/approle/login", Map.of("role_id", "r")).orElseThrow();
    VaultResponse wrapped = client.write("auth/approle/login", Map.of("role_id", "r")).orElseThrow();

    VaultResponse.Auth auth = login.auth().orElseThrow();
    assertThat(auth.clientToken()).isEqualTo("hvs.loginTokenSecret999");
    assertThat(auth.policies()).containsExactly("default", "app");
    assertThat(auth.metadata()).containsEntry("role", "app");
    assertThat(auth.leaseDuration()).isEqualTo(3600);
    assertThat(auth.renewable()).isTrue();
    assertThat(auth.orphan()).isTrue();
    assertThat(wrapped.wrapInfo().orElseThrow().token()).isEqualTo("hvs.wrappingTokenSecret7");
    assertThat(wrapped.wrapInfo().orElseThrow().ttl()).isEqualTo(300);
    assertThat(login.toString() + wrapped).doesNotContain("hvs.loginTokenSecret999", "hvs.wrappingTokenSecret7")
        .contains("acc1");
  }

  @Test
  void readOfAnAbsentPathIsEmpty() {
    vault.enqueue(404, "{\"errors\":[]}");

    assertThat(client.read("secret/missing")).isEmpty();
    assertThat(vault.requests()).hasSize(1);
  }

  @Test
  void notFoundWithDataIsReturnedWithItsStatus() {
    vault.enqueue(404, "{\"request_id\":\"r\",\"data\":{\"data\":null,\"metadata\":{\"deletion_time\":"
        + "\"2025-01-02T00:00:00.2Z\",\"destroyed\":false,\"version\":3}},\"mount_type\":\"\"}");

    VaultResponse r = client.read("secret/data/app").orElseThrow();

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.data().path("metadata").path("version").asInt()).isEqualTo(3);
  }

  @Test
  void tellsDeletedKvV2VersionsByTheirDeletionTime() {
    String body = "{\"data\":{\"data\":null,\"metadata\":{\"deletion_time\":\"%s\",\"version\":3}}}";
    vault.enqueue(404, String.format(body, "2025-01-02T00:00:00.2Z"));
    vault.enqueue(200, String.format(body, "2030-01-01T00:00:00Z"));
    vault.enqueue(200, String.format(body, ""));
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    assertThat(client.read("secret/data/a").orElseThrow().isKvV2Deleted(now)).isTrue();
    assertThat(client.read("secret/data/b").orElseThrow().isKvV2Deleted(now)).isFalse();
    assertThat(client.read("secret/data/c").orElseThrow().isKvV2Deleted(now)).isFalse();
  }

  @Test
  void listUsesGetWithListTrueAndATrailingSlash() {
    vault.enqueue(200, "{\"data\":{\"keys\":[\"foo\",\"foo/\"]}}");

    VaultResponse r = client.list("secret/metadata/app").orElseThrow();

    assertThat(vault.last().method()).isEqualTo("GET");
    assertThat(vault.last().path()).isEqualTo("/v1/secret/metadata/app/");
    assertThat(vault.last().query()).isEqualTo("list=true");
    assertThat(r.data().path("keys")).hasSize(2);
  }

  @Test
  void writeSendsJsonAndDeleteUsesDelete() {
    vault.enqueue(204, null).enqueue(204, null);

    assertThat(client.write("secret/app", Map.of("password", "p4ss"))).isEmpty();
    assertThat(client.delete("secret/app")).isEmpty();

    assertThat(vault.requests().get(0).method()).isEqualTo("POST");
    assertThat(vault.requests().get(0).header("Content-Type")).isEqualTo("application/json");
    assertThat(vault.requests().get(0).body()).isEqualTo("{\"password\":\"p4ss\"}");
    assertThat(vault.requests().get(1).method()).isEqualTo("DELETE");
  }

  @ParameterizedTest
  @ValueSource(ints = {412, 429, 500, 502, 503, 504})
  void retriesRetryableStatusesTwiceByDefault(int status) {
    vault.otherwise(s -> Reply.json(status, "{\"errors\":[\"try again\"]}"));

    VaultException e = catchThrowableOfType(VaultException.class, () -> client.read("secret/app"));

    assertThat(e.status()).isEqualTo(status);
    assertThat(vault.requests()).hasSize(3);
    assertThat(sleeper.waits).hasSize(2);
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 405, 501})
  void neverRetriesClientErrorsOr501(int status) {
    vault.otherwise(s -> Reply.json(status, "{\"errors\":[\"no\"]}"));

    assertThatThrownBy(() -> client.write("secret/app", Map.of("a", "b"))).isInstanceOf(VaultException.class);

    assertThat(vault.requests()).hasSize(1);
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void aNotFoundOnWriteIsAnErrorAndNotRetried() {
    vault.enqueue(404, "{\"errors\":[\"1 error occurred:\\n\\t* unsupported path\\n\\n\"]}");

    VaultException e = catchThrowableOfType(VaultException.class, () -> client.write("nomount/x", Map.of()));

    assertThat(e.status()).isEqualTo(404);
    assertThat(vault.requests()).hasSize(1);
  }

  @Test
  void succeedsWhenARetryWorksAndWaitsGrowLinearlyWithJitter() {
    vault.enqueue(503, "{\"errors\":[\"Vault is sealed\"]}").enqueue(500, "{\"errors\":[]}").enqueue(200, KV1_READ);

    assertThat(client.read("secret/app")).isPresent();

    // random fixed at 0.5: 1000 + 0.5 * 500 = 1250ms, times the retry number
    assertThat(sleeper.waits).containsExactly(Duration.ofMillis(1250), Duration.ofMillis(2500));
  }

  @Test
  void maxRetriesComesFromSettingsAndViews() throws IOException {
    vault.otherwise(s -> Reply.json(500, "{\"errors\":[]}"));
    VaultClient five = client(VaultClient.Settings.builder(vault.uri()).maxRetries(5).build());

    assertThatThrownBy(() -> five.read("a")).isInstanceOf(VaultException.class);
    assertThat(vault.requests()).hasSize(6);
    assertThatThrownBy(() -> five.withMaxRetries(0).read("a")).isInstanceOf(VaultException.class);
    assertThat(vault.requests()).hasSize(7);
  }

  @Test
  void honoursRetryAfterOn429() {
    vault.enqueue(Reply.json(429, "{\"errors\":[\"rate limit quota exceeded\"]}").with("Retry-After", "3"));
    vault.enqueue(200, KV1_READ);

    assertThat(client.read("secret/app")).isPresent();

    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void retryAfterAsHttpDateIsMeasuredFromTheClock() {
    vault.enqueue(Reply.json(503, "{\"errors\":[]}").with("Retry-After", "Thu, 01 Jan 2026 00:00:07 GMT"));
    vault.enqueue(200, KV1_READ);

    client.read("secret/app");

    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void aRetryAfterOfZeroStillWaitsTheMinimum() {
    vault.enqueue(Reply.json(429, "{\"errors\":[]}").with("Retry-After", "0")).enqueue(200, KV1_READ);

    client.read("secret/app");

    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void aLongRetryAfterIsHandedBackToTheCaller() {
    vault.otherwise(s -> Reply.json(429, "{\"errors\":[\"rate limit quota exceeded\"]}").with("Retry-After", "600"));

    VaultException e = catchThrowableOfType(VaultException.class, () -> client.read("secret/app"));

    assertThat(vault.requests()).hasSize(1);
    assertThat(e.status()).isEqualTo(429);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(600));
  }

  @Test
  void connectionFailuresAreRetriedThenReportedWithStatusZero() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    VaultClient c = client(VaultClient.Settings.builder("http://127.0.0.1:" + closedPort).build()).withToken(TOKEN);

    VaultException e = catchThrowableOfType(VaultException.class, () -> c.read("secret/app"));

    assertThat(e.status()).isZero();
    assertThat(e.isConnectionError()).isTrue();
    assertThat(sleeper.waits).hasSize(2);
    assertThat(e.getMessage()).contains("GET http://127.0.0.1:" + closedPort + "/v1/secret/app")
        .endsWith("\nconnection refused (127.0.0.1:" + closedPort + ")").doesNotContain("Exception");
  }

  @Test
  void networkFailuresAreSaidInPlainWords() throws IOException {
    VaultClient c = client(VaultClient.Settings.builder("http://no-such-host.invalid:8200").maxRetries(0).build())
        .withToken(TOKEN);
    VaultException e = catchThrowableOfType(VaultException.class, () -> c.read("secret/app"));
    assertThat(e.getMessage()).endsWith("\nunknown host (no-such-host.invalid:8200)");

    // a server that accepts and closes without a byte
    try (ServerSocket s = new ServerSocket(0)) {
      Thread t = new Thread(() -> {
        try {
          while (true) {
            s.accept().close();
          }
        } catch (IOException closed) {
          // the test is over
        }
      });
      t.setDaemon(true);
      t.start();
      VaultClient mute = client(VaultClient.Settings.builder("http://127.0.0.1:" + s.getLocalPort()).maxRetries(0)
          .build()).withToken(TOKEN);
      VaultException closed = catchThrowableOfType(VaultException.class, () -> mute.read("secret/app"));
      assertThat(closed.getMessage())
          .endsWith("\nthe server closed the connection without an answer (127.0.0.1:" + s.getLocalPort() + ")");
    }
  }

  @Test
  void errorBodiesBecomeTheExceptionsErrors() {
    vault.enqueue(403, "{\"errors\":[\"2 errors occurred:\\n\\t* permission denied\\n\\t* invalid token\\n\\n\"]}");

    VaultException e = catchThrowableOfType(VaultException.class, () -> client.read("secret/app"));

    assertThat(e.status()).isEqualTo(403);
    assertThat(e.isPermissionDenied()).isTrue();
    assertThat(e.method()).isEqualTo("GET");
    assertThat(e.path()).isEqualTo("secret/app");
    assertThat(e.errors()).containsExactly("2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n");
    assertThat(e.getMessage()).contains("Code: 403").contains("permission denied");
  }

  @Test
  void aBodyThatIsNotJsonIsKeptAsTheError() {
    vault.enqueue(Reply.empty(400).with("X", "y"));
    vault.enqueue(new Reply(400, "<html>bad gateway</html>", Map.of("Content-Type", "text/html")));

    VaultException empty = catchThrowableOfType(VaultException.class, () -> client.read("a"));
    VaultException html = catchThrowableOfType(VaultException.class, () -> client.read("a"));

    assertThat(empty.errors()).isEmpty();
    assertThat(html.errors()).containsExactly("<html>bad gateway</html>");
  }

  @Test
  void theTokenNeverAppearsInExceptionsOrToString() throws IOException {
    String token = "hvs.neverPrintMe-4f1b2c3d";
    String echoed = "{\"errors\":[\"token " + token + " is invalid\"]}";
    vault.enqueue(400, echoed);
    VaultClient c = client.withToken(token);

    VaultException e = catchThrowableOfType(VaultException.class, () -> c.read("secret/app", Map.of("q", token)));

    assertThat(e.getMessage()).doesNotContain(token);
    assertThat(e.toString()).doesNotContain(token);
    assertThat(e.errors()).allSatisfy(m -> assertThat(m).doesNotContain(token));
    assertThat(c.toString()).doesNotContain(token);
    assertThat(VaultRequest.get("x").token(token).build().toString()).doesNotContain(token);
  }

  @Test
  void followsA307ForPutKeepingMethodBodyAndHeaders() throws IOException {
    try (StubVault active = StubVault.http()) {
      active.enqueue(200, "{\"data\":{\"ok\":true}}");
      vault.enqueue(Reply.empty(307).with("Location", active.uri() + "/v1/secret/app?x=1"));
      VaultClient client = client(VaultClient.Settings.builder(vault.uri())
          .redirectAddresses(List.of(active.uri())).build()).withToken(TOKEN);

      VaultResponse r = client.send(VaultRequest.put("secret/app").body(Map.of("password", "p4ss"))
          .namespace("ns1").build()).orElseThrow();

      assertThat(r.data().path("ok").asBoolean()).isTrue();
      StubVault.Seen seen = active.last();
      assertThat(seen.method()).isEqualTo("PUT");
      assertThat(seen.body()).isEqualTo("{\"password\":\"p4ss\"}");
      assertThat(seen.query()).isEqualTo("x=1");
      assertThat(seen.header("X-Vault-Token")).isEqualTo(TOKEN);
      assertThat(seen.header("X-Vault-Namespace")).isEqualTo("ns1");
      assertThat(seen.header("X-Vault-Request")).isEqualTo("true");
    }
  }

  @Test
  void redirectsAreBounded() {
    vault.otherwise(s -> Reply.empty(307).with("Location", vault.uri() + "/v1/loop"));

    VaultException e = catchThrowableOfType(VaultException.class, () -> client.write("secret/app", Map.of()));

    assertThat(e.getMessage()).contains("too many redirects");
    assertThat(vault.requests()).hasSize(Transport.MAX_REDIRECTS + 1);
  }

  @Test
  void performanceStandby412IsRetriedUntilTheIndexArrives() {
    vault.enqueue(412, "{\"errors\":[\"required index state not present\"]}").enqueue(200, KV1_READ);

    assertThat(client.read("secret/app")).isPresent();
    assertThat(vault.requests()).hasSize(2);
  }

  @Test
  void healthStatusesAreAnswersNotErrors() {
    String standby = "{\"initialized\":true,\"sealed\":false,\"standby\":true,\"performance_standby\":false,"
        + "\"version\":\"1.19.0\"}";
    String sealed = "{\"initialized\":true,\"sealed\":true,\"standby\":true,\"version\":\"1.15.6\"}";
    String uninit = "{\"initialized\":false,\"sealed\":true,\"standby\":true,\"version\":\"1.13.1\"}";
    vault.enqueue(429, standby).enqueue(503, sealed).enqueue(501, uninit).enqueue(473, standby);

    VaultHealth a = client.health();
    VaultHealth b = client.health();
    VaultHealth c = client.health();
    VaultHealth d = client.health();

    assertThat(a.status()).isEqualTo(429);
    assertThat(a.standby()).isTrue();
    assertThat(b.sealed()).isTrue();
    assertThat(b.usable()).isFalse();
    assertThat(c.initialized()).isFalse();
    assertThat(d.status()).isEqualTo(473);
    assertThat(vault.requests()).hasSize(4);
    assertThat(sleeper.waits).isEmpty();
    assertThat(vault.last().path()).isEqualTo("/v1/sys/health");
  }

  @Test
  void aHealthErrorBodyIsAnError() {
    vault.enqueue(400, "{\"errors\":[]}");

    assertThatThrownBy(() -> client.health()).isInstanceOf(VaultException.class);
  }

  @Test
  void tokenOperationsUseTheirEndpoints() {
    vault.enqueue(200, "{\"data\":{\"id\":\"" + TOKEN + "\",\"ttl\":100,\"accessor\":\"acc\"}}");
    vault.enqueue(200, "{\"auth\":{\"client_token\":\"" + TOKEN + "\",\"lease_duration\":628,\"renewable\":true},"
        + "\"warnings\":[\"TTL of \\\"1h\\\" exceeded the effective max_ttl of \\\"10m28s\\\"; TTL value is capped"
        + " accordingly\"]}");
    vault.enqueue(204, null);

    assertThat(client.lookupSelf().data().path("ttl").asLong()).isEqualTo(100);
    VaultResponse renewed = client.renewSelf(Duration.ofHours(1));
    client.revokeSelf();

    assertThat(renewed.auth().orElseThrow().leaseDuration()).isEqualTo(628);
    assertThat(renewed.warnings()).hasSize(1);
    assertThat(vault.requests().get(0).method() + " " + vault.requests().get(0).path())
        .isEqualTo("GET /v1/auth/token/lookup-self");
    assertThat(vault.requests().get(1).path()).isEqualTo("/v1/auth/token/renew-self");
    assertThat(vault.requests().get(1).body()).isEqualTo("{\"increment\":3600}");
    assertThat(vault.requests().get(2).method() + " " + vault.requests().get(2).path())
        .isEqualTo("POST /v1/auth/token/revoke-self");
  }

  @Test
  void leaseOperationsSendTheLeaseIdInTheBody() {
    String lease = "database/creds/readonly/xBxQ6nmRt3kuBCq8yULj9GHs";
    vault.enqueue(200, "{\"lease_id\":\"" + lease + "\",\"renewable\":true,\"lease_duration\":725,\"data\":null}");
    vault.enqueue(200, "{\"data\":{\"id\":\"" + lease + "\",\"ttl\":3558,\"renewable\":true}}");
    vault.enqueue(204, null);

    VaultResponse renewed = client.renewLease(lease, Duration.ofMinutes(30));
    VaultResponse looked = client.lookupLease(lease);
    client.revokeLease(lease);

    assertThat(renewed.leaseDuration()).isEqualTo(725);
    assertThat(renewed.data().isNull()).isTrue();
    assertThat(looked.data().path("ttl").asLong()).isEqualTo(3558);
    assertThat(vault.requests()).extracting(s -> s.method() + " " + s.path()).containsExactly(
        "PUT /v1/sys/leases/renew", "PUT /v1/sys/leases/lookup", "PUT /v1/sys/leases/revoke");
    assertThat(vault.requests().get(0).body()).isEqualTo("{\"lease_id\":\"" + lease + "\",\"increment\":1800}");
    assertThat(vault.requests().get(2).body()).isEqualTo("{\"lease_id\":\"" + lease + "\"}");
  }

  @Test
  void unwrapPutsTheWrappingTokenInTheHeaderWithoutAClientTokenAndInTheBodyWithOne() throws IOException {
    String wrapping = "hvs.wrappingTokenAbc123";
    String inner = "{\"request_id\":\"8e33c808\",\"lease_id\":\"\",\"lease_duration\":2592000,\"renewable\":false,"
        + "\"data\":{\"zip\":\"zap\"},\"warnings\":null}";
    vault.enqueue(200, inner).enqueue(200, inner);
    VaultClient anonymous = client(VaultClient.Settings.builder(vault.uri()).build());

    VaultResponse a = anonymous.unwrap(wrapping).orElseThrow();
    client.unwrap(wrapping);

    assertThat(a.requestId()).isEqualTo("8e33c808");
    assertThat(a.data().path("zip").asText()).isEqualTo("zap");
    assertThat(vault.requests().get(0).header("X-Vault-Token")).isEqualTo(wrapping);
    assertThat(vault.requests().get(0).body()).isEmpty();
    assertThat(vault.requests().get(1).header("X-Vault-Token")).isEqualTo(TOKEN);
    assertThat(vault.requests().get(1).body()).isEqualTo("{\"token\":\"" + wrapping + "\"}");
    assertThat(vault.requests()).allSatisfy(s -> assertThat(s.path()).isEqualTo("/v1/sys/wrapping/unwrap"));
  }

  @Test
  void wrappingLookupSendsTheTokenInTheBody() {
    vault.enqueue(200, "{\"data\":{\"creation_path\":\"sys/wrapping/wrap\",\"creation_ttl\":300}}");

    VaultResponse r = client.lookupWrapping("hvs.wrappingLookup999");

    assertThat(r.data().path("creation_ttl").asInt()).isEqualTo(300);
    assertThat(vault.last().path()).isEqualTo("/v1/sys/wrapping/lookup");
    assertThat(vault.last().body()).isEqualTo("{\"token\":\"hvs.wrappingLookup999\"}");
  }

  @Test
  void anAddressPathPrefixIsKept() throws IOException {
    vault.enqueue(200, KV1_READ);
    VaultClient c = client(VaultClient.Settings.builder(URI.create(vault.uri() + "/vault/")).build());

    c.read("/secret/app");

    assertThat(vault.last().path()).isEqualTo("/vault/v1/secret/app");
  }

  @Test
  void pathsAreEscapedAndQueriesEncoded() {
    vault.enqueue(200, KV1_READ);

    client.read("secret/my app", Map.of("a b", "c&d"));

    assertThat(vault.last().path()).isEqualTo("/v1/secret/my%20app");
    assertThat(vault.last().query()).isEqualTo("a+b=c%26d");
  }

  @Test
  void settingsAreValidatedOnce() {
    assertThatThrownBy(() -> VaultClient.Settings.builder("ftp://vault:8200").build())
        .hasMessageContaining("http:// or https://");
    assertThatThrownBy(() -> VaultClient.Settings.builder("https://vault:8200").maxRetries(-1).build())
        .hasMessageContaining("max retries");
    assertThatThrownBy(() -> VaultClient.Settings.builder("https://vault:8200")
        .clientCert(java.nio.file.Path.of("c.pem"), null).build())
        .hasMessageContaining("client_cert and client_key");
    VaultClient.Settings d = VaultClient.Settings.builder("https://vault:8200").build();
    assertThat(d.maxRetries()).isEqualTo(2);
    assertThat(d.maxConnectionsPerHost()).isEqualTo(10);
    assertThat(d.timeout()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void emptyOptionalMeansNoBodyNotAbsentForWrites() {
    vault.enqueue(204, null);

    Optional<VaultResponse> r = client.write("secret/app", Map.of("a", "b"));

    assertThat(r).isEmpty();
  }
}
