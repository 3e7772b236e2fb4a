package io.vaultlet.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API proxy's upstream calls, as Vault Agent's proxy makes them (Vault's Go client under
 * {@code RawRequestWithContext}): retries with growing waits, but the whole call — waits included — within the client
 * timeout, so a Vault that keeps failing costs a client one timeout and a {@code context deadline exceeded}, not
 * twelve waits; retries used up before that pass Vault's last answer on; one redirect is followed. Waits go through a
 * sleeper that moves a test clock: nothing sleeps.
 */
class VaultForwarderTest {

  private DevServer vault;
  private final AtomicInteger received = new AtomicInteger();

  /** A clock the sleeper moves forward. */
  private static final class TestClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final TestClock clock = new TestClock();
  /** Records each wait and moves the clock by it. */
  private final class ClockSleeper implements Sleeper {
    final List<Duration> waits = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void sleep(Duration d) {
      waits.add(d);
      clock.now = clock.now.plus(d);
    }
  }

  private final ClockSleeper sleeper = new ClockSleeper();

  @BeforeEach
  void start() throws IOException {
    vault = DevServer.start(DevOptions.builder().build());
    vault.onRequest(r -> {
      if (r.path().equals("secret/data/app")) {
        received.incrementAndGet();
      }
    });
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  private VaultForwarder forwarder(int retries) throws IOException {
    return VaultForwarder.create(VaultClient.Settings.builder(vault.address()).build(), retries, sleeper, clock);
  }

  private static VaultForwarder.Forward get() {
    return new VaultForwarder.Forward("GET", "/v1/secret/data/app", "", List.of(Map.entry("X-Vault-Token", "root")),
        new byte[0]);
  }

  private void dev(String control, String json) throws Exception {
    HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(vault.address() + "/_dev/" + control))
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aVaultThatKeepsFailingCostsOneClientTimeoutNotTwelveWaits() throws Exception {
    dev("faults", "{\"kind\":\"status\",\"status\":500,\"path_prefix\":\"secret/\"}");
    assertThatThrownBy(() -> forwarder(12).send(get(), VaultForwarder.RetryPolicy.DEFAULT))
        .isInstanceOf(IOException.class).hasMessage("context deadline exceeded");
    Duration waited = sleeper.waits.stream().reduce(Duration.ZERO, Duration::plus);
    assertThat(waited).isLessThan(Duration.ofSeconds(60));
    // waits n × [1s, 1.5s): 8 to 10 of them fit in 60 s, and the next would not
    assertThat(sleeper.waits).hasSizeBetween(8, 10);
    for (int i = 0; i < sleeper.waits.size(); i++) {
      assertThat(sleeper.waits.get(i)).isBetween(Duration.ofMillis(1000L * (i + 1)), Duration.ofMillis(1500L * (i + 1)));
    }
    assertThat(received.get()).as("one attempt, then one after each wait").isEqualTo(sleeper.waits.size() + 1);
  }

  @Test
  void retriesUsedUpBeforeTheTimeoutPassVaultsLastAnswerOn() throws Exception {
    dev("faults", "{\"kind\":\"status\",\"status\":503,\"message\":\"still down\",\"path_prefix\":\"secret/\"}");
    VaultForwarder.Answer a = forwarder(2).send(get(), VaultForwarder.RetryPolicy.DEFAULT);
    assertThat(a.status()).isEqualTo(503);
    assertThat(new String(a.body().readAllBytes(), StandardCharsets.UTF_8)).contains("still down");
    assertThat(received.get()).isEqualTo(3);
    assertThat(sleeper.waits).hasSize(2);
  }

  @Test
  void connectionFailuresAreRetriedWithinTheTimeoutToo() throws Exception {
    vault.refuseConnections(Duration.ofMinutes(1));
    try {
      assertThatThrownBy(() -> forwarder(12).send(get(), VaultForwarder.RetryPolicy.DEFAULT))
          .isInstanceOf(IOException.class).hasMessage("context deadline exceeded");
      assertThat(sleeper.waits).hasSizeBetween(8, 10);
    } finally {
      vault.acceptConnections();
    }
  }

  @Test
  void oneRedirectIsFollowed() throws Exception {
    // a standby that redirects everything to an "active" node which is itself: the second 307 comes back
    dev("mode", "{\"mode\":\"standby\",\"active_address\":\"" + vault.address() + "\",\"redirect\":true}");
    VaultForwarder.Answer a = forwarder(0).send(get(), VaultForwarder.RetryPolicy.DEFAULT);
    assertThat(a.status()).isEqualTo(307);
    assertThat(received.get()).isEqualTo(2);
  }
}
