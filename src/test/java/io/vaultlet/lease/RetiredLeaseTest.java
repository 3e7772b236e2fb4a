package io.vaultlet.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.config.TemplateSettings;
import io.vaultlet.template.Dependency;
import io.vaultlet.template.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the watcher hands to rotation: the lease it stops keeping, and the previous value of a dependency. */
class RetiredLeaseTest {

  private EmulatorHarness h;
  private LeaseWatcher leases;
  private final List<Lease> retired = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    h = new EmulatorHarness();
    leases = h.watcher(LeaseWatcher.Options.from(TemplateSettings.defaults()));
    leases.onRetired(retired::add);
  }

  @AfterEach
  void stop() {
    leases.close();
    h.close();
  }

  private Secret value(Dependency d) {
    return (Secret) leases.recall(d).orElseThrow();
  }

  @Test
  void aReplacedLeaseIsReportedAsLastRenewedAndBecomesThePrevious() {
    h.database("1h", "2h");
    Dependency creds = Dependency.VaultRead.parse("database/creds/app");
    leases.watch(creds, "");
    h.settle();
    Secret first = value(creds);
    assertThat(first.hasPrevious()).isFalse();

    Instant maxTtl = leases.lease(creds).orElseThrow().obtained().plus(Duration.ofHours(2));
    h.advance(Duration.ofMinutes(43)); // renewed: same lease, nothing retired
    assertThat(retired).isEmpty();
    h.advance(Duration.ofMinutes(43)); // renewed up to its max TTL, too short to renew again: a new credential

    assertThat(retired).singleElement().satisfies(l -> {
      assertThat(l.leaseId()).isEqualTo(first.leaseId());
      assertThat(l.expiry()).as("as last renewed").contains(maxTtl);
    });
    Secret second = value(creds);
    assertThat(second.leaseId()).isNotEqualTo(first.leaseId());
    assertThat(second.previous().leaseId()).isEqualTo(first.leaseId());
    assertThat(second.previous().data()).isEqualTo(first.data());
  }

  @Test
  void anUnchangedReReadKeepsThePreviousValueAndAChangeMovesItOn() {
    h.kv("app", Map.of("v", "one"));
    Dependency kv = Dependency.VaultRead.parse("secret/app");
    leases.watch(kv, "");
    h.settle();
    h.kv("app", Map.of("v", "two"));
    h.advance(Duration.ofMinutes(5));
    assertThat(dataOf(value(kv))).isEqualTo("two");
    assertThat(dataOf(value(kv).previous())).isEqualTo("one");

    h.advance(Duration.ofMinutes(5)); // re-read, unchanged
    assertThat(dataOf(value(kv).previous())).isEqualTo("one");
    h.kv("app", Map.of("v", "three"));
    h.advance(Duration.ofMinutes(5));
    assertThat(dataOf(value(kv).previous())).isEqualTo("two");
    assertThat(retired).as("KV values have no lease").isEmpty();
  }

  @Test
  void aDroppedDependencysLeaseIsRetired() {
    h.database("1h", "2h");
    Dependency creds = Dependency.VaultRead.parse("database/creds/app");
    leases.watch(creds, "");
    h.settle();
    String id = leases.lease(creds).orElseThrow().leaseId();
    leases.unwatch(creds);
    assertThat(retired).extracting(Lease::leaseId).containsExactly(id);
  }

  @SuppressWarnings("unchecked")
  private static Object dataOf(Secret s) {
    return ((Map<String, Object>) s.data().get("data")).get("v");
  }
}
