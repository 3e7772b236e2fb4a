package io.vaultlet.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files named by a configuration or a template are read only when regular, at most up to a limit: a FIFO (which
 * would block until a writer comes) and {@code /dev/zero} (which never ends) are refused at once with a clear error.
 */
class BoundedFilesTest {

  private static final String RAISE = "raise it with template_config.max_file_size";

  @TempDir Path dir;

  @Test
  void aFifoIsRefusedWithoutBlocking() throws Exception {
    Path fifo = dir.resolve("fifo");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
        assertThatThrownBy(() -> BoundedFiles.read(fifo, 1024, RAISE))
            .isInstanceOf(IOException.class)
            .hasMessage(fifo + " is not a regular file (a FIFO, socket or device would block or never end); only "
                + "regular files are read"));
    Path link = dir.resolve("link");
    Files.createSymbolicLink(link, fifo);
    assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
        assertThatThrownBy(() -> BoundedFiles.read(link, 1024, RAISE)).hasMessageContaining("not a regular file"));
  }

  @Test
  void devZeroAndDirectoriesAreRefused() {
    assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
        assertThatThrownBy(() -> BoundedFiles.read(Path.of("/dev/zero"), 1 << 20, RAISE))
            .hasMessageContaining("not a regular file"));
    assertThatThrownBy(() -> BoundedFiles.read(dir, 1024, RAISE)).hasMessageContaining("is a directory");
  }

  @Test
  void aFileOverTheLimitNamesTheLimitAndTheKey() throws Exception {
    Path big = dir.resolve("big");
    Files.write(big, new byte[2 * 1024 * 1024 + 1]);
    assertThatThrownBy(() -> BoundedFiles.read(big, 2 * 1024 * 1024, RAISE))
        .isInstanceOf(BoundedFiles.TooLarge.class)
        .hasMessage(big + " is larger than the limit of 2MiB; " + RAISE);
  }

  @Test
  void aFileWithinTheLimitIsReadWhole() throws Exception {
    Path f = dir.resolve("f");
    byte[] data = new byte[100_000];
    new java.util.Random(1).nextBytes(data);
    Files.write(f, data);
    assertThat(BoundedFiles.read(f, 100_000, RAISE)).isEqualTo(data);
    Files.writeString(f, "héllo");
    assertThat(BoundedFiles.readString(f, 6, RAISE)).isEqualTo("héllo");
    Files.createFile(dir.resolve("empty"));
    assertThat(BoundedFiles.read(dir.resolve("empty"), 1, RAISE)).isEmpty();
  }
}
