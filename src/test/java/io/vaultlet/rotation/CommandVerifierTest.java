package io.vaultlet.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify { command }}: its exit status decides; the end of its output is the message, however long. */
class CommandVerifierTest {

  @TempDir Path dir;

  private Verifier.Result run(String shell) {
    return new CommandVerifier(List.of("/bin/sh", "-c", shell), Map.of()).verify(new Verifier.Candidate(
        dir.resolve(".db.env.tmp"), dir.resolve("db.env"), Map.of(), Map.of(), Duration.ofSeconds(30), Instant.EPOCH));
  }

  @Test
  void aChattyCheckFailsWithTheEndOfItsOutput() {
    // 4 MiB of noise, then the reason: the message is the last 500 characters
    Verifier.Result r = run("head -c 4194304 /dev/zero | tr '\\0' 'n'; echo; echo 'the real reason'; exit 3");
    assertThat(r.ok()).isFalse();
    assertThat(r.message()).startsWith("exit status 3: …").endsWith("n\nthe real reason");
    assertThat(r.message()).hasSize("exit status 3: …".length() + CommandVerifier.MESSAGE_LIMIT);
  }

  @Test
  void exitZeroPassesAndTheStagedFileIsNamed() {
    assertThat(run("test \"$VAULTLET_STAGED_FILE\" = '" + dir.resolve(".db.env.tmp") + "'").ok()).isTrue();
    assertThat(run("echo nope; exit 1").message()).isEqualTo("exit status 1: nope");
  }
}
