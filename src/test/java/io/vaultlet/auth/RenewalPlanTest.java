package io.vaultlet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.auth.RenewalPlan.Action;
import io.vaultlet.auth.TokenChange.Reason;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RenewalPlanTest {

  private static final Duration GRACE = Duration.ofSeconds(45);

  @Test
  void aTokenWithoutTtlNeedsNothing() {
    assertThat(RenewalPlan.next(Optional.empty(), GRACE, true))
        .isEqualTo(new RenewalPlan(Action.NONE, Duration.ZERO));
  }

  @Test
  void aRenewableTokenIsRenewedAtTwoThirdsOfItsLifePlusAThirdOfTheGrace() {
    assertThat(RenewalPlan.next(Optional.of(Duration.ofSeconds(300)), GRACE, true))
        .isEqualTo(new RenewalPlan(Action.RENEW, Duration.ofSeconds(215)));
  }

  @Test
  void aNonRenewableTokenIsReplacedAtTheSameTime() {
    assertThat(RenewalPlan.next(Optional.of(Duration.ofSeconds(300)), GRACE, false))
        .isEqualTo(new RenewalPlan(Action.REAUTH, Duration.ofSeconds(215)));
  }

  @Test
  void aTokenNearItsMaxTtlIsReplacedNow() {
    assertThat(RenewalPlan.next(Optional.of(Duration.ofSeconds(4 * 45)), GRACE, true))
        .isEqualTo(new RenewalPlan(Action.REPLACE_NOW, Duration.ZERO));
    assertThat(RenewalPlan.next(Optional.of(GRACE), GRACE, false))
        .isEqualTo(new RenewalPlan(Action.REPLACE_NOW, Duration.ZERO));
  }

  @Test
  void aRefusedRenewalMeansReLoginAndAnUnreachableVaultMeansRetry() {
    assertThat(RenewalPlan.refusal(403)).contains(Reason.INVALID);
    assertThat(RenewalPlan.refusal(400)).contains(Reason.EXPIRING);
    assertThat(RenewalPlan.refusal(429)).isEmpty();
    assertThat(RenewalPlan.refusal(412)).isEmpty();
    assertThat(RenewalPlan.refusal(503)).isEmpty();
    assertThat(RenewalPlan.refusal(0)).as("no response").isEmpty();
  }

  @Test
  void failedRenewalsAreRetriedOnlyUntilTheGraceIsLeft() {
    assertThat(RenewalPlan.retryBudget(Duration.ofSeconds(100), GRACE)).contains(Duration.ofSeconds(55));
    assertThat(RenewalPlan.retryBudget(GRACE, GRACE)).isEmpty();
    assertThat(RenewalPlan.stillRenewable(Duration.ofSeconds(46), GRACE)).isTrue();
    assertThat(RenewalPlan.stillRenewable(GRACE, GRACE)).isFalse();
  }
}
