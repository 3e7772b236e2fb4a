package io.vaultlet.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.support.Log;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rotation state file: round trip, owner-only modes, no temporary file left, a broken file is not fatal. */
class StateFileTest {

  @TempDir Path dir;

  @Test
  void savesAndLoadsEntriesOwnerOnly() throws Exception {
    Path file = dir.resolve("state").resolve("rotation-state.json");
    StateFile state = StateFile.at(file);
    assertThat(state.load()).isEmpty();
    StateFile.Entry e = new StateFile.Entry("database/creds/app/abc", "vault.read(database/creds/app)",
        Set.of("/s/db.env"), Optional.of(Instant.parse("2026-01-01T00:05:00Z")),
        Optional.of(Instant.parse("2026-01-01T01:00:00Z")), "/s/db.env");
    state.save(List.of(e));

    assertThat(StateFile.at(file).load()).containsExactly(e);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
    try (var files = Files.list(file.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("rotation-state.json");
    }
    state.save(List.of());
    assertThat(state.load()).isEmpty();
  }

  @Test
  void anUnreadableFileIsLoggedAndTreatedAsEmpty() throws Exception {
    Path file = dir.resolve("rotation-state.json");
    Files.writeString(file, "{ not json");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Log.setOutput(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      assertThat(StateFile.at(file).load()).isEmpty();
    } finally {
      Log.setOutput(System.err);
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("[ERROR]").contains("cannot read the rotation state");
  }

  @Test
  void inMemoryStateWritesNothing() {
    StateFile state = StateFile.inMemory();
    state.save(List.of());
    assertThat(state.file()).isEmpty();
    assertThat(state.load()).isEmpty();
  }
}
