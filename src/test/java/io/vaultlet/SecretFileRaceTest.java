package io.vaultlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vaultlet.auth.FileSink;
import io.vaultlet.render.AtomicFile;
import io.vaultlet.support.PrivateFile;
import io.vaultlet.template.Brain;
import io.vaultlet.template.Template;
import io.vaultlet.testing.UnprivilegedProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #14: no other local user may read a byte of a secret while vaultlet writes it. A second process running as
 * {@code nobody} watches the directory with inotify, lists it in a tight loop and opens every file the moment it
 * appears — temporary files, backups, sinks — keeping what it opened to read it later. Meanwhile every writer of
 * secret files runs hundreds of times: rendered templates (mode 0600, 0640, an existing file's mode, with backups),
 * the token sink, {@code writeToFile}, the credential files of the demo and the pid file. The reader must open
 * nothing but the one world-readable control file.
 */
class SecretFileRaceTest {

  private static final int ROUNDS = 120;
  private static final Pattern REPORT =
      Pattern.compile("attempts=(\\d+) denied=(\\d+) opened=(\\d+) bytes=(\\d+) leaked=\\[(.*)]");

  @TempDir Path dir;

  private static byte[] secret(int i) {
    return ("-----BEGIN EC PRIVATE KEY-----\nS3CRET-" + i + "-" + "x".repeat(4000) + "\n").getBytes(
        StandardCharsets.UTF_8);
  }

  @Test
  void anUnprivilegedReaderRacingEveryWriterNeverReadsAByte() throws Exception {
    Optional<String> why = UnprivilegedProcess.unavailable();
    assumeTrue(why.isEmpty(), () -> "cannot start a second user's process here: " + why.orElse(""));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    // the control: a world-readable file the reader must manage to read, so a silent reader cannot pass the test
    AtomicFile.write(dir.resolve("public.txt"), "not a secret".getBytes(StandardCharsets.UTF_8),
        new AtomicFile.Options(Optional.of(0644), false, true, Optional.empty(), Optional.empty()));
    Files.writeString(dir.resolve("keep.conf"), "old");
    Files.setPosixFilePermissions(dir.resolve("keep.conf"), PosixFilePermissions.fromString("rw-------"));

    AtomicFile.Options private0600 = new AtomicFile.Options(Optional.of(0600), true, true, Optional.empty(),
        Optional.empty());
    AtomicFile.Options group0640 = new AtomicFile.Options(Optional.of(0640), false, true, Optional.empty(),
        Optional.empty());
    FileSink sink = FileSink.of(dir.resolve("token"), 0640);
    Template writeToFile = Template.builder("w", "{{ .secret | writeToFile .path \"\" \"\" \"0600\" }}").build();

    String report;
    try (UnprivilegedProcess reader = UnprivilegedProcess.readerOf(dir)) {
      for (int i = 0; i < ROUNDS; i++) {
        AtomicFile.write(dir.resolve("db.conf"), secret(i), private0600);
        AtomicFile.write(dir.resolve("app.conf"), secret(i), group0640);
        AtomicFile.write(dir.resolve("keep.conf"), secret(i), AtomicFile.Options.defaults());
        sink.write(new String(secret(i), StandardCharsets.UTF_8), false, null);
        PrivateFile.write(dir.resolve("secret-id"), secret(i));
        writeToFile.execute(Brain.empty(), Map.of(), Map.of("secret", new String(secret(i), StandardCharsets.UTF_8),
            "path", dir.resolve("side-" + (i % 50)).toString()));
        if (i % 30 == 0) {
          try (var pid = io.vaultlet.support.PidFile.write(dir.resolve("agent.pid"))) {
            assertThat(pid.path()).exists();
          }
        }
      }
      report = reader.finish();
    }

    System.out.println("reader: " + report);
    Matcher m = REPORT.matcher(report);
    assertThat(m.find()).as("reader report: " + report).isTrue();
    assertThat(m.group(5)).as("files the other user read secret bytes from: " + report).isEmpty();
    assertThat(Long.parseLong(m.group(2))).as("the reader was racing (its opens were refused): " + report)
        .isGreaterThan(ROUNDS);
    assertThat(Long.parseLong(m.group(4))).as("the reader could read the world-readable control file: " + report)
        .isEqualTo("not a secret".length());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("db.conf.bak"))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("keep.conf"))))
        .isEqualTo("rw-------");
  }
}
