package io.vaultlet.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.support.ManualScheduler;
import io.vaultlet.support.Scheduler;
import io.vaultlet.vault.VaultClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Review top finding 6: an adopted entry is visible to {@code status()} (every status request, health check and
 * metrics scrape) and to a template's hand-over only once it is complete.
 */
class ProxiedLeasesTest {

  private static final String LEASE = "database/creds/app/AbCdEfGhIjKlMnOp";

  /**
   * Adopting a key again stops the entry it replaces, which cancels that entry's scheduled renewal. The scheduler
   * below reads {@code status()} at that moment — while {@code adopt} is still running — as a status request on
   * another thread could: it must see the new entry whole (it used to be in the map with no {@code obtained} yet).
   */
  @Test
  void statusDuringAdoptSeesOnlyCompleteEntries() throws Exception {
    ManualScheduler manual = new ManualScheduler();
    List<List<LeaseStatus>> seen = new ArrayList<>();
    ProxiedLeases[] leases = new ProxiedLeases[1];
    Scheduler probing = new Scheduler() {
      @Override
      public Clock clock() {
        return manual.clock();
      }

      @Override
      public Cancellable schedule(Duration delay, Runnable task) {
        Cancellable c = manual.schedule(delay, task);
        return () -> {
          seen.add(leases[0].status());
          c.cancel();
        };
      }
    };
    VaultClient unused = VaultClient.create(VaultClient.Settings.builder("http://127.0.0.1:9").maxRetries(0).build());
    leases[0] = new ProxiedLeases(unused, probing,
        new LeaseTiming(0.9, Duration.ofMinutes(5), Optional.empty(), () -> 0.5), () -> 0.5);
    Consumer<String> onEnd = why -> { };
    ProxiedLeases.Term first = new ProxiedLeases.Term("GET database/creds/app", false, LEASE, "", "t1",
        Duration.ofHours(1));
    ProxiedLeases.Term second = new ProxiedLeases.Term("GET database/creds/app", false, LEASE + "2", "", "t1",
        Duration.ofMinutes(30));

    leases[0].adopt("k", first, onEnd);
    leases[0].adopt("k", second, onEnd);

    assertThat(seen).as("status() ran while the second adopt was under way").hasSize(1);
    assertThat(seen.get(0)).singleElement().satisfies(s -> {
      assertThat(s.expiry()).contains(manual.now().plus(Duration.ofMinutes(30)));
      assertThat(s.nextActionAt()).isPresent();
    });
    assertThat(leases[0].status()).singleElement()
        .satisfies(s -> assertThat(s.expiry()).contains(manual.now().plus(Duration.ofMinutes(30))));
  }

  @Test
  void termsShowTheLeaseAsLogsAndStatusDo() {
    ProxiedLeases.Term t = new ProxiedLeases.Term("GET database/creds/app", false, LEASE, "secret-client",
        "secret-request", Duration.ofHours(1));
    assertThat(t.toString()).isEqualTo("Term[GET database/creds/app lease database/creds/app/…MnOp]")
        .doesNotContain("secret");
    assertThat(Lease.displayId(LEASE)).isEqualTo("database/creds/app/…MnOp");
    assertThat(Lease.displayId("")).isEmpty();
    assertThat(Lease.displayId(null)).isEmpty();
  }
}
