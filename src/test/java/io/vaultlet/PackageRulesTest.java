package io.vaultlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependency rules of docs/architecture.md that the compiler does not check, read from the sources: the agent never
 * needs the emulator ({@code io.vaultlet.dev}) — only the emulator itself and the CLI that starts it may use it.
 */
class PackageRulesTest {

  private static final Path MAIN = Path.of("src/main/java/io/vaultlet");
  private static final Pattern USES_DEV = Pattern.compile("(?m)^import\\s+(static\\s+)?io\\.vaultlet\\.dev[.;]"
      + "|\\bio\\.vaultlet\\.dev\\.[a-z]+\\.?[A-Z]");

  @Test
  void onlyTheEmulatorAndTheCliUseTheEmulatorPackage() throws IOException {
    assertThat(MAIN.resolve("dev")).as("run from the project directory").isDirectory();
    List<String> offenders;
    try (Stream<Path> files = Files.walk(MAIN)) {
      offenders = files.filter(f -> f.toString().endsWith(".java"))
          .filter(f -> !f.startsWith(MAIN.resolve("dev")) && !f.startsWith(MAIN.resolve("cli")))
          .filter(f -> USES_DEV.matcher(read(f)).find())
          .map(f -> MAIN.relativize(f).toString()).sorted().toList();
    }
    assertThat(offenders).as("production classes that depend on io.vaultlet.dev").isEmpty();
  }

  private static String read(Path f) {
    try {
      return Files.readString(f);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
