package io.vaultlet.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.vault.Sleeper;
import io.vaultlet.vault.VaultClient;
import io.vaultlet.vault.VaultException;
import io.vaultlet.vault.VaultHealth;
import io.vaultlet.vault.VaultRequest;
import io.vaultlet.vault.VaultResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** VaultClient against the in-process Vault API emulator, over real HTTP. */
class VaultClientContractTest {

  DevServer vault;
  List<Duration> waits = new CopyOnWriteArrayList<>();
  VaultClient root;

  @BeforeEach
  void start() throws Exception {
    vault = DevServer.start(DevOptions.builder().noPostgres(true).build());
    Sleeper sleeper = waits::add;
    root = VaultClient.create(VaultClient.Settings.builder(vault.uri()).build(), sleeper).withToken(vault.rootToken());
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  void control(String path, String json) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(vault.address() + path))
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("%s %s", path, r.body()).isLessThan(300);
  }

  @Test
  void readsKvV2SecretsThroughTheDataPathWithExactNumbers() {
    root.write("secret/data/app", Map.of("data", Map.of("password", "contract-pw-1", "port", 5432)));

    VaultResponse r = root.readSecret("secret/app", Map.of()).orElseThrow();

    assertThat(r.data().path("data").path("password").asText()).isEqualTo("contract-pw-1");
    assertThat(r.data().path("data").path("port").isIntegralNumber()).isTrue();
    assertThat(r.data().path("metadata").path("version").asInt()).isEqualTo(1);
    assertThat(root.secretPath("secret/app")).isEqualTo("secret/data/app");
  }

  @Test
  void leavesKvV1PathsAlone() {
    root.write("sys/mounts/kv1", Map.of("type", "kv", "options", Map.of("version", "1")));
    root.write("kv1/app", Map.of("user", "alice"));

    VaultResponse r = root.readSecret("kv1/app", Map.of()).orElseThrow();

    assertThat(root.secretPath("kv1/app")).isEqualTo("kv1/app");
    assertThat(r.data().path("user").asText()).isEqualTo("alice");
  }

  @Test
  void absentSecretsAreEmptyAndDeletedVersionsComeBackAs404WithMetadata() {
    assertThat(root.readSecret("secret/nothing-here", Map.of())).isEmpty();

    root.write("secret/data/gone", Map.of("data", Map.of("k", "v")));
    root.delete("secret/data/gone");
    VaultResponse deleted = root.readSecret("secret/gone", Map.of()).orElseThrow();

    assertThat(deleted.status()).isEqualTo(404);
    assertThat(deleted.data().path("metadata").path("deletion_time").asText()).isNotEmpty();
  }

  @Test
  void tokenLifecycle() {
    VaultResponse created = root.write("auth/token/create", Map.of("policies", List.of("default"), "ttl", "1h"))
        .orElseThrow();
    VaultClient child = root.withToken(created.auth().orElseThrow().clientToken());

    assertThat(child.lookupSelf().data().path("ttl").asLong()).isBetween(3500L, 3600L);
    assertThat(child.renewSelf(Duration.ofMinutes(30)).auth().orElseThrow().leaseDuration()).isEqualTo(1800);
    child.revokeSelf();
    VaultException e = catchThrowableOfType(VaultException.class, child::lookupSelf);

    assertThat(e.status()).isEqualTo(403);
    assertThat(e.getMessage()).doesNotContain(created.auth().orElseThrow().clientToken());
  }

  @Test
  void retriesInjected503sAndHonoursRateLimitRetryAfter() throws Exception {
    root.write("secret/data/app", Map.of("data", Map.of("k", "v")));
    control("/_dev/faults", "{\"kind\":\"status\",\"status\":503,\"count\":2,\"path_prefix\":\"secret/\"}");

    assertThat(root.read("secret/data/app")).isPresent();
    assertThat(waits).hasSize(2);

    waits.clear();
    control("/_dev/faults", "{\"kind\":\"ratelimit\",\"retry_after\":2,\"count\":1,\"path_prefix\":\"secret/\"}");
    assertThat(root.read("secret/data/app")).isPresent();
    assertThat(waits).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void aRefusedConnectionIsRetried() throws Exception {
    root.write("secret/data/app", Map.of("data", Map.of("k", "v")));
    control("/_dev/faults", "{\"kind\":\"refuse\",\"count\":1,\"path_prefix\":\"secret/\"}");

    // a POST: the JDK itself silently resends a GET once when the connection drops before the response
    VaultResponse written = root.write("secret/data/app", Map.of("data", Map.of("k", "v2"))).orElseThrow();

    assertThat(waits).hasSize(1);
    assertThat(written.data().path("version").asInt()).isEqualTo(2);
  }

  @Test
  void healthReportsStandbyAndSealedAsAnswers() throws Exception {
    control("/_dev/mode", "{\"mode\":\"standby\"}");
    VaultHealth standby = root.health();
    control("/_dev/mode", "{\"mode\":\"sealed\"}");
    VaultHealth sealed = root.health();

    assertThat(standby.status()).isEqualTo(429);
    assertThat(standby.standby()).isTrue();
    assertThat(sealed.status()).isEqualTo(503);
    assertThat(sealed.sealed()).isTrue();
    assertThat(waits).isEmpty();
  }

  @Test
  void wrapsAndUnwrapsAResponse() throws Exception {
    root.write("secret/data/app", Map.of("data", Map.of("k", "wrapped-value")));
    VaultResponse wrapped = root.send(VaultRequest.get("secret/data/app").wrapTtl(Duration.ofMinutes(5)).build())
        .orElseThrow();
    String wrappingToken = wrapped.wrapInfo().orElseThrow().token();

    assertThat(root.lookupWrapping(wrappingToken).data().path("creation_ttl").asLong()).isEqualTo(300);
    VaultClient anonymous = VaultClient.create(VaultClient.Settings.builder(vault.uri()).build(), waits::add);
    VaultResponse unwrapped = anonymous.unwrap(wrappingToken).orElseThrow();

    assertThat(unwrapped.data().path("data").path("k").asText()).isEqualTo("wrapped-value");
    assertThat(catchThrowableOfType(VaultException.class, () -> anonymous.unwrap(wrappingToken)).status())
        .isEqualTo(400);
  }
}
