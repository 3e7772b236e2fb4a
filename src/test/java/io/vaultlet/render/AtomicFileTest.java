package io.vaultlet.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {

  @TempDir
  Path dir;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void writesOnlyWhenTheContentChanges() throws Exception {
    Path f = dir.resolve("app.conf");
    assertThat(AtomicFile.write(f, bytes("one"), AtomicFile.Options.defaults())).isTrue();
    long inode = (long) Files.getAttribute(f, "unix:ino");
    assertThat(AtomicFile.write(f, bytes("one"), AtomicFile.Options.defaults())).isFalse();
    assertThat((long) Files.getAttribute(f, "unix:ino")).isEqualTo(inode);
    assertThat(AtomicFile.write(f, bytes("two"), AtomicFile.Options.defaults())).isTrue();
    assertThat(Files.readString(f)).isEqualTo("two");
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("app.conf"); // no temp file left
    }
  }

  @Test
  void newFilesGet0644PermsAreAppliedAndAnExistingModeIsKept() throws Exception {
    Path f = dir.resolve("a");
    AtomicFile.write(f, bytes("x"), AtomicFile.Options.defaults());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-r--r--");

    AtomicFile.write(f, bytes("y"), new AtomicFile.Options(Optional.of(0600), false, true, Optional.empty(),
        Optional.empty()));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");

    AtomicFile.write(f, bytes("z"), AtomicFile.Options.defaults());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
  }

  @Test
  void backupKeepsThePreviousContent() throws Exception {
    Path f = dir.resolve("b");
    AtomicFile.Options backup = new AtomicFile.Options(Optional.empty(), true, true, Optional.empty(),
        Optional.empty());
    AtomicFile.write(f, bytes("v1"), backup);
    AtomicFile.write(f, bytes("v2"), backup);
    AtomicFile.write(f, bytes("v3"), backup);
    assertThat(Files.readString(f)).isEqualTo("v3");
    assertThat(Files.readString(dir.resolve("b.bak"))).isEqualTo("v2");
    assertThat(dir.resolve("b.old.bak")).doesNotExist();
  }

  @Test
  void aTightenedModeAlsoTightensTheBackupOfTheOldContent() throws Exception {
    Path f = dir.resolve("c");
    AtomicFile.write(f, bytes("v1"), new AtomicFile.Options(Optional.of(0644), true, true, Optional.empty(),
        Optional.empty()));
    AtomicFile.write(f, bytes("v2"), new AtomicFile.Options(Optional.of(0600), true, true, Optional.empty(),
        Optional.empty()));
    assertThat(Files.readString(dir.resolve("c.bak"))).isEqualTo("v1");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("c.bak"))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
  }

  @Test
  void createsMissingDirectoriesUnlessCreateDestDirsIsFalse() throws Exception {
    Path nested = dir.resolve("x/y/z.conf");
    AtomicFile.write(nested, bytes("ok"), AtomicFile.Options.defaults());
    assertThat(nested).hasContent("ok");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("x/y"))))
        .isEqualTo("rwxr-xr-x");

    Path missing = dir.resolve("nope/z.conf");
    assertThatThrownBy(() -> AtomicFile.write(missing, bytes("ok"), new AtomicFile.Options(Optional.empty(), false,
        false, Optional.empty(), Optional.empty())))
        .hasMessage("cannot write " + missing + ": parent directory " + dir.resolve("nope")
            + " is missing (create_dest_dirs = false)");
  }

  @Test
  void anUnwritableDestinationIsAClearErrorNamingTheFile() throws Exception {
    Path notADir = dir.resolve("file");
    Files.writeString(notADir, "I am a file");
    Path dest = notADir.resolve("app.conf");
    assertThatThrownBy(() -> AtomicFile.write(dest, bytes("x"), AtomicFile.Options.defaults()))
        .hasMessage("cannot read " + dest + ": Not a directory");
    assertThat(notADir).hasContent("I am a file");
  }

  @Test
  void numericOwnerIsApplied() throws Exception {
    Path f = dir.resolve("owned");
    int uid = (int) Files.getAttribute(dir, "unix:uid");
    int gid = (int) Files.getAttribute(dir, "unix:gid");
    AtomicFile.write(f, bytes("x"), new AtomicFile.Options(Optional.empty(), false, true,
        Optional.of(String.valueOf(uid)), Optional.of(String.valueOf(gid))));
    assertThat(Files.getAttribute(f, "unix:uid")).isEqualTo(uid);
    assertThat(Files.getAttribute(f, "unix:gid")).isEqualTo(gid);
  }

  @Test
  void stagedFilesChangeNothingUntilCommitted() throws Exception {
    Path f = dir.resolve("c");
    Files.writeString(f, "old");
    AtomicFile.Staged st = AtomicFile.stage(f, bytes("new"), AtomicFile.Options.defaults()).orElseThrow();
    assertThat(f).hasContent("old");
    st.commit();
    assertThat(f).hasContent("new");

    AtomicFile.Staged aborted = AtomicFile.stage(f, bytes("newer"), AtomicFile.Options.defaults()).orElseThrow();
    aborted.abort();
    assertThat(f).hasContent("new");
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.count()).isEqualTo(1);
    }
  }

  @Test
  void aReaderLoopingOnTheFileNeverSeesPartialContent() throws Exception {
    Path f = dir.resolve("big");
    String a = "A".repeat(256 * 1024);
    String b = "B".repeat(300 * 1024);
    AtomicFile.write(f, bytes(a), AtomicFile.Options.defaults());
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger reads = new AtomicInteger();
    AtomicReference<String> torn = new AtomicReference<>();
    Thread reader = new Thread(() -> {
      while (!stop.get()) {
        try {
          String s = Files.readString(f);
          reads.incrementAndGet();
          if (!s.equals(a) && !s.equals(b)) {
            torn.set("length " + s.length());
          }
        } catch (Exception e) {
          torn.set(e.toString());
        }
      }
    });
    reader.start();
    for (int i = 0; i < 200; i++) {
      AtomicFile.write(f, bytes(i % 2 == 0 ? b : a), AtomicFile.Options.defaults());
    }
    stop.set(true);
    reader.join();
    assertThat(torn.get()).isNull();
    assertThat(reads.get()).isPositive();
  }
}
