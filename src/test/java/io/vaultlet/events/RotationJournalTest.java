package io.vaultlet.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.render.RuntimeStatus;
import io.vaultlet.support.Log;
import io.vaultlet.support.Redactor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RotationJournalTest {

  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();

  @AfterEach
  void restoreLog() {
    Log.setOutput(System.err);
  }

  private static RotationEvent event(int i, RotationEvent.Result result, String message) {
    return new RotationEvent(Instant.parse("2026-12-07T00:00:00Z").plusSeconds(i), "lease", "/secrets/db.env",
        "verify", "database/creds/app/abcdef123456", "database/creds/app/zzzzzz987654", "postgres", result,
        Duration.ofMillis(42), message);
  }

  @Test
  void keepsTheMostRecentEventsOldestFirst() {
    RotationJournal journal = new RotationJournal(3);
    Log.setOutput(new PrintStream(logged, true, StandardCharsets.UTF_8));
    for (int i = 0; i < 5; i++) {
      journal.record(event(i, RotationEvent.Result.SUCCEEDED, ""));
    }
    assertThat(journal.recent()).extracting(e -> e.at().getEpochSecond() % 60).containsExactly(2L, 3L, 4L);
  }

  @Test
  void logsFailuresAtWarnWithTheRedactedMessage() {
    String secret = "pw-" + System.nanoTime();
    Redactor.register(secret);
    RotationJournal journal = new RotationJournal();
    Log.setOutput(new PrintStream(logged, true, StandardCharsets.UTF_8));
    journal.record(event(0, RotationEvent.Result.FAILED, "password authentication failed for " + secret));
    String line = logged.toString(StandardCharsets.UTF_8);
    assertThat(line).contains("[WARN]", "rotation: lease verify failed:", "kind=lease", "step=verify", "result=failed",
        "verified_by=postgres", "duration=42ms").doesNotContain(secret);
    assertThat(journal.recent().get(0).message()).doesNotContain(secret).contains("[redacted]");
  }

  @Test
  void aLogLineCarriesOnlyTheFieldsTheEventHas() {
    RotationJournal journal = new RotationJournal();
    Log.setOutput(new PrintStream(logged, true, StandardCharsets.UTF_8));
    journal.record(new RotationEvent(Instant.EPOCH, "certificate", "/secrets/tls.pem", "issue", "", "40:dc:bc",
        "", RotationEvent.Result.SUCCEEDED, Duration.ofMillis(5), ""));
    String line = logged.toString(StandardCharsets.UTF_8);
    assertThat(line).contains("step=issue result=succeeded new=40:dc:bc duration=5ms")
        .doesNotContain("old=").doesNotContain("verified_by=").doesNotContain("message=");
  }

  @Test
  void statusJsonCarriesTheEvents() {
    RuntimeStatus status = new RuntimeStatus(Instant.EPOCH, List.of(), List.of())
        .withRotations(List.of(event(1, RotationEvent.Result.SUCCEEDED, "")));
    assertThat(status.toJson()).contains("\"rotations\"", "\"step\" : \"verify\"", "\"result\" : \"succeeded\"",
        "\"duration_ms\" : 42");
  }
}
