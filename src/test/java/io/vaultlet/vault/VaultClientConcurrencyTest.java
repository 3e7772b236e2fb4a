package io.vaultlet.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.vault.StubVault.Reply;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class VaultClientConcurrencyTest {

  @Test
  void boundsConcurrentRequestsPerHost() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (StubVault vault = StubVault.http()) {
      vault.otherwise(s -> {
        peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
          release.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        inFlight.decrementAndGet();
        return Reply.json(200, "{\"data\":{}}");
      });
      VaultClient client = VaultClient.create(
          VaultClient.Settings.builder(vault.uri()).maxConnectionsPerHost(3).build(), new RecordingSleeper(),
          () -> 0.5, Clock.systemUTC());

      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(pool.submit(() -> client.read("secret/app")));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (inFlight.get() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      Thread.sleep(200); // give a fourth request the chance to slip through if the bound were broken
      assertThat(inFlight.get()).isEqualTo(3);
      release.countDown();
      for (Future<?> f : calls) {
        f.get(10, TimeUnit.SECONDS);
      }

      assertThat(peak.get()).isEqualTo(3);
      assertThat(vault.requests()).hasSize(8);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }
}
