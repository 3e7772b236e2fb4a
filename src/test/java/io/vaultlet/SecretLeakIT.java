package io.vaultlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * After the unit and integration suites: nothing any test logged carries a Vault token or a private key. Every test's
 * output (Surefire writes it to {@code target/surefire-reports/*-output.txt}) is scanned; each test class also checks
 * its own secrets, this is the net under all of them.
 */
class SecretLeakIT {

  private static final Pattern SECRETS = Pattern.compile(
      "hv[sbr]\\.[A-Za-z0-9_-]{20,}"            // Vault service, batch and recovery tokens
      + "|-----BEGIN [A-Z ]*PRIVATE KEY-----");  // PEM private keys

  @Test
  void noTestOutputCarriesATokenOrAPrivateKey() throws IOException {
    Path reports = Path.of("target", "surefire-reports");
    assumeTrue(Files.isDirectory(reports), "no unit-test reports in " + reports + " (tests skipped?)");
    List<Path> outputs;
    try (Stream<Path> files = Files.list(reports)) {
      outputs = files.filter(p -> p.getFileName().toString().endsWith("-output.txt")).sorted().toList();
    }
    assumeTrue(!outputs.isEmpty(), "no test wrote any output to scan");
    List<String> leaks = new ArrayList<>();
    long bytes = 0;
    for (Path output : outputs) {
      String text = Files.readString(output, StandardCharsets.UTF_8);
      bytes += text.length();
      Matcher m = SECRETS.matcher(text);
      while (m.find()) {
        int line = 1 + (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count();
        // never print the secret itself: its kind and where it is are enough
        leaks.add(output.getFileName() + ":" + line + ": " + m.group().substring(0, 4) + "…");
      }
    }
    assertThat(bytes).as("bytes of test output scanned").isPositive();
    assertThat(leaks).as("secrets in test output").isEmpty();
  }
}
