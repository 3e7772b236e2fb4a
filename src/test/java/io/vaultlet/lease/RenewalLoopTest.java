package io.vaultlet.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.support.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The renewal rule {@link LeaseKeeper} and {@link ProxiedLeases} share, on a manual clock: when it renews, when it
 * stops, that the owner's policy hears of an end exactly once, and that a stopped loop never runs again.
 */
class RenewalLoopTest {

  private final ManualScheduler scheduler = new ManualScheduler();
  private final LeaseTiming timing = new LeaseTiming(0.9, Duration.ofMinutes(5), Optional.empty(), () -> 0.5);
  private final List<Instant> requests = new ArrayList<>();
  private final List<String> ends = new ArrayList<>();
  private final Deque<Supplier<RenewalLoop.Granted>> answers = new ArrayDeque<>();

  private RenewalLoop loop(Duration lease, boolean held) {
    Duration grace = timing.grace(lease);
    return new RenewalLoop("test lease", scheduler, timing, scheduler.now(), lease, grace, true, () -> {
      requests.add(scheduler.now());
      return answers.isEmpty() ? new RenewalLoop.Granted(lease, true) : answers.poll().get();
    }, new RenewalLoop.Policy() {
      @Override
      public boolean refuses(int status) {
        return status == 403;
      }

      @Override
      public void ended(RenewalLoop.End end, String why) {
        ends.add(end + ": " + why);
      }
    }, () -> held);
  }

  @Test
  void renewsOnTheLifetimeWatchersRuleUntilAGrantNoLongerReachesBeyondTheGrace() {
    Duration lease = Duration.ofMinutes(60);
    Duration grace = timing.grace(lease); // 7.5 min with the random part at 0.5
    RenewalLoop l = loop(lease, true);
    l.start();
    Instant start = scheduler.now();
    scheduler.advance(LeaseTiming.renewDelay(lease, grace).minusSeconds(1));
    assertThat(requests).isEmpty();
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(requests).containsExactly(start.plus(LeaseTiming.renewDelay(lease, grace)));
    assertThat(l.expiry()).isEqualTo(scheduler.now().plus(lease));

    answers.add(() -> new RenewalLoop.Granted(Duration.ofMinutes(20), true)); // max TTL near: 20 min left
    scheduler.advance(LeaseTiming.renewDelay(lease, grace));
    assertThat(requests).hasSize(2);
    assertThat(ends).containsExactly("MAX_TTL: renewal no longer extends it (max TTL near)");
    assertThat(l.expiry()).isEqualTo(scheduler.now().plus(Duration.ofMinutes(20)));
    scheduler.advance(Duration.ofHours(2));
    assertThat(requests).as("nothing after the end").hasSize(2);
  }

  @Test
  void aLeaseNoLongerRenewableEnds() {
    RenewalLoop l = loop(Duration.ofMinutes(10), true);
    answers.add(() -> new RenewalLoop.Granted(Duration.ofMinutes(10), false));
    l.start();
    scheduler.advance(Duration.ofMinutes(10));
    assertThat(ends).containsExactly("NOT_RENEWABLE: no longer renewable");
  }

  @Test
  void failuresAreRetriedWithBackoffThenEndOnceBeforeTheGrace() {
    RenewalLoop l = loop(Duration.ofSeconds(60), true);
    for (int i = 0; i < 20; i++) {
      answers.add(() -> {
        throw new IllegalStateException("connection refused");
      });
    }
    Instant start = scheduler.now();
    l.start();
    scheduler.advance(Duration.ofMinutes(5));
    assertThat(requests.size()).as("retried before giving up").isGreaterThan(2);
    assertThat(ends).singleElement().asString().startsWith("FAILING: renewal keeps failing")
        .contains("connection refused");
    Instant last = requests.get(requests.size() - 1);
    assertThat(last).as("no retry inside the grace").isBefore(start.plusSeconds(60)
        .minus(timing.grace(Duration.ofSeconds(60))));
    assertThat(l.state().failures()).isEqualTo(requests.size());
    assertThat(l.state().lastError()).contains("connection refused");
  }

  @Test
  void stoppedOrNoLongerHeldLoopsNeverRunAndNeverCallThePolicy() {
    RenewalLoop stopped = loop(Duration.ofMinutes(10), true);
    stopped.start();
    stopped.stop();
    RenewalLoop dropped = loop(Duration.ofMinutes(10), false);
    dropped.start();
    scheduler.advance(Duration.ofHours(1));
    assertThat(requests).isEmpty();
    assertThat(ends).isEmpty();
  }

  @Test
  void endAfterEndsItThenInsteadOfRenewing() {
    RenewalLoop l = loop(Duration.ofMinutes(10), true);
    l.start();
    l.endAfter(Duration.ofSeconds(30), "token replaced");
    assertThat(l.state().nextAt()).contains(scheduler.now().plusSeconds(30));
    scheduler.advance(Duration.ofMinutes(20));
    assertThat(requests).isEmpty();
    assertThat(ends).containsExactly("ASKED: token replaced");
  }

  /**
   * The renewal request is made without the loop's monitor: a status read while Vault is slow to answer gets the
   * state at once (every {@code /agent/v1/status}, health check and metrics scrape reads it).
   */
  @Test
  void theStateCanBeReadWhileARenewalRequestIsInFlight() throws Exception {
    java.util.concurrent.CountDownLatch inRequest = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
    answers.add(() -> {
      inRequest.countDown();
      try {
        answer.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new RenewalLoop.Granted(Duration.ofMinutes(10), true);
    });
    RenewalLoop l = loop(Duration.ofMinutes(10), true);
    l.start();
    Thread renewing = new Thread(() -> scheduler.advance(Duration.ofMinutes(9)), "renewing");
    renewing.start();
    try {
      assertThat(inRequest.await(30, java.util.concurrent.TimeUnit.SECONDS)).as("the renewal began").isTrue();
      RenewalLoop.State during = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30),
          l::state, "state() waited for the renewal request");
      assertThat(during.failures()).isZero();
      assertThat(during.duration()).isEqualTo(Duration.ofMinutes(10));
    } finally {
      answer.countDown();
      renewing.join();
    }
    assertThat(requests).hasSize(1);
  }

  @Test
  void takeOverHandsTheStateOnOnlyWhileItIsWorthIt() {
    RenewalLoop l = loop(Duration.ofMinutes(10), true);
    l.start();
    Instant obtained = scheduler.now();
    Optional<RenewalLoop.State> s = l.takeOver(scheduler.now().plusSeconds(60));
    assertThat(s).hasValueSatisfying(st -> {
      assertThat(st.obtained()).isEqualTo(obtained);
      assertThat(st.duration()).isEqualTo(Duration.ofMinutes(10));
    });
    scheduler.advance(Duration.ofHours(1));
    assertThat(requests).as("taken over: renewed elsewhere").isEmpty();
    assertThat(ends).isEmpty();

    RenewalLoop late = loop(Duration.ofMinutes(10), true);
    late.start();
    assertThat(late.takeOver(scheduler.now().plus(Duration.ofMinutes(9)))).as("inside its grace").isEmpty();
  }
}
