package io.vaultlet.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.render.RuntimeStatus;
import io.vaultlet.render.TemplateStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A template whose new render keeps failing {@code verify} makes the agent unhealthy once the budget is spent, counted
 * from when it began failing (the runtime's {@code failing_since}).
 */
class HealthVerifyTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static RuntimeStatus status(Instant at, String state) {
    boolean failing = !state.equals("rendered");
    return new RuntimeStatus(at, List.of(new TemplateStatus("/s/db.env", "", state, Optional.of(T0),
        Optional.empty(), "none", Optional.empty(), 0, failing
            ? "verification failed (3×); retrying at …: postgres: cannot log in" : "", 0, "",
        failing ? Optional.of(T0) : Optional.empty(), 0)), List.of());
  }

  @Test
  void failingVerificationCountsAgainstTheRenderErrorBudget() {
    Duration budget = Duration.ofMinutes(5);
    assertThat(Health.evaluate(status(T0, "verify_failed"), false, Optional.empty(), budget).healthy()).isTrue();
    assertThat(Health.evaluate(status(T0.plus(budget).minusSeconds(1), "verifying"), false, Optional.empty(), budget)
        .healthy()).as("checked again: still within the budget").isTrue();
    Health.Report late = Health.evaluate(status(T0.plus(budget), "verify_failed"), false, Optional.empty(), budget);
    assertThat(late.healthy()).isFalse();
    assertThat(late.json()).contains("its new render failing verification since " + T0)
        .contains("postgres: cannot log in");
    assertThat(Health.evaluate(status(T0.plus(budget).plusSeconds(1), "rendered"), false, Optional.empty(), budget)
        .healthy()).isTrue();
  }
}
