package io.vaultlet.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vaultlet.vault.VaultClient;
import io.vaultlet.vault.VaultException;
import io.vaultlet.vault.VaultHealth;
import java.io.IOException;
import java.io.UncheckedIOException;
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

/**
 * How the production client copes with what a real Vault does only under stress (503s, rate limits, dropped
 * connections, standby and sealed nodes), provoked through the emulator's fault injection and node modes: these
 * scenarios are skipped on a real Vault.
 */
class ClientResilienceContractTest extends ContractScenario {

  private final List<Duration> waits = new CopyOnWriteArrayList<>();
  private VaultClient client;
  private String path;

  @BeforeEach
  void emulatorOnly() throws IOException {
    assumeEmulator("fault injection and node modes (emulator /_dev controls)");
    client = VaultClient.create(VaultClient.Settings.builder(target.address()).build(), waits::add)
        .withToken(target.rootToken());
    path = "secret/data/" + unique("resilience");
    client.write(path, Map.of("data", Map.of("k", "v")));
  }

  @AfterEach
  void clearFaults() {
    if (target != null && target.isEmulator()) {
      try {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(target.address().resolve("/_dev/faults")).DELETE()
            .build(), HttpResponse.BodyHandlers.discarding());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      emulatorControl("/_dev/mode", "{\"mode\":\"active\"}");
    }
  }

  @Test
  void retriesInjected503sAndHonoursRateLimitRetryAfter() {
    emulatorControl("/_dev/faults", "{\"kind\":\"status\",\"status\":503,\"count\":2,\"path_prefix\":\"" + path + "\"}");

    assertThat(client.read(path)).isPresent();
    assertThat(waits).hasSize(2);

    waits.clear();
    emulatorControl("/_dev/faults", "{\"kind\":\"ratelimit\",\"retry_after\":2,\"count\":1,\"path_prefix\":\""
        + path + "\"}");
    assertThat(client.read(path)).isPresent();
    assertThat(waits).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void aRefusedConnectionIsRetried() {
    emulatorControl("/_dev/faults", "{\"kind\":\"refuse\",\"count\":1,\"path_prefix\":\"" + path + "\"}");

    // a POST: the JDK itself silently resends a GET once when the connection drops before the response
    var written = client.write(path, Map.of("data", Map.of("k", "v2"))).orElseThrow();

    assertThat(waits).hasSize(1);
    assertThat(written.data().path("version").asInt()).isEqualTo(2);
  }

  @Test
  void a403IsNeverRetried() {
    VaultException e = catchThrowableOfType(VaultException.class,
        () -> client.withToken("not-a-token").read(path));

    assertThat(e.status()).isEqualTo(403);
    assertThat(waits).isEmpty();
  }

  @Test
  void healthReportsStandbyAndSealedAsAnswersWithoutRetrying() {
    emulatorControl("/_dev/mode", "{\"mode\":\"standby\"}");
    VaultHealth standby = client.health();
    emulatorControl("/_dev/mode", "{\"mode\":\"sealed\"}");
    VaultHealth sealed = client.health();

    assertThat(standby.status()).isEqualTo(429);
    assertThat(standby.standby()).isTrue();
    assertThat(sealed.status()).isEqualTo(503);
    assertThat(sealed.sealed()).isTrue();
    assertThat(waits).isEmpty();
  }

  @Test
  void aSealedNodeIsRetriedAndThenReportedAs503() {
    emulatorControl("/_dev/mode", "{\"mode\":\"sealed\"}");

    VaultException e = catchThrowableOfType(VaultException.class, () -> client.read(path));

    assertThat(e.status()).isEqualTo(503);
    assertThat(e.errors()).containsExactly("Vault is sealed");
    assertThat(waits).hasSize(2);
  }
}
