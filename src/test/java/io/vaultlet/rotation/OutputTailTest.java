package io.vaultlet.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A check's output file stays under its limit and only its end is read. */
class OutputTailTest {

  @TempDir Path dir;

  private void append(Path f, String s) throws Exception {
    Files.writeString(f, s, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  @Test
  void aFilePastItsLimitIsEmptiedKeepingItsTail() throws Exception {
    Path f = dir.resolve("out");
    append(f, "x".repeat(5000) + "first part ends here");
    OutputTail tail = new OutputTail(f, 1000, 100);
    tail.bound();
    assertThat(Files.size(f)).isZero();
    append(f, " and the reason");
    assertThat(tail.text(35)).isEqualTo("…first part ends here and the reason");

    tail.bound(); // under the limit: untouched
    assertThat(Files.readString(f)).isEqualTo(" and the reason");
  }

  @Test
  void onlyTheLastCharactersAreReadEvenAcrossABrokenCharacter() throws Exception {
    Path f = dir.resolve("out");
    append(f, "é".repeat(300) + "\n  end  \n");
    OutputTail tail = new OutputTail(f, 1 << 20, 20); // 20 bytes: the first é is cut in half, and dropped
    assertThat(tail.text(100)).isEqualTo("…ééééé\n  end");
    assertThat(tail.text(5)).isEqualTo("…  end");
    assertThat(new OutputTail(f, 1 << 20, 2000).text(1000)).isEqualTo(("é".repeat(300) + "\n  end").strip());
    Files.writeString(f, "");
    assertThat(tail.text(5)).isEmpty();
  }
}
