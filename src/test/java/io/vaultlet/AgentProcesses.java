package io.vaultlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.dev.DevServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Helpers for tests that run {@code vaultlet agent} as a separate process (the AgentProcessTest pattern). */
final class AgentProcesses {

  private AgentProcesses() {}

  /** How long {@link #await(String, Process, Path, BooleanSupplier)} waits. */
  static final Duration PATIENCE = Duration.ofSeconds(60);

  /** {@code java -cp <test classpath> io.vaultlet.Main agent -config <config> [extra…]}, output into {@code log}. */
  static Process agent(Path config, Path log, String... extra) throws IOException {
    List<String> args = new ArrayList<>(List.of("agent", "-config", config.toString()));
    args.addAll(List.of(extra));
    return main(log, args.toArray(String[]::new)).start();
  }

  /**
   * {@code java -cp <test classpath> io.vaultlet.Main <args…>} with its output (both streams) into {@code log}, not
   * started yet: a caller may change its environment first.
   */
  static ProcessBuilder main(Path log, String... args) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xss512k", "-cp", System.getProperty("java.class.path"),
        "io.vaultlet.Main"));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
  }

  static void await(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plus(within);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("waiting for " + what).isBefore(deadline);
      Thread.sleep(50);
    }
  }

  /**
   * Waits up to {@link #PATIENCE} for {@code condition}; fails at once when {@code process} dies, and shows
   * {@code log} in either failure.
   */
  static void await(String what, Process process, Path log, BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (!condition.getAsBoolean()) {
      assertThat(process.isAlive()).as(what + "; the process died: " + read(log)).isTrue();
      assertThat(Instant.now()).as("waiting for " + what + ": " + read(log)).isBefore(deadline);
      Thread.sleep(50);
    }
  }

  static void signal(Process p, String sig) throws IOException, InterruptedException {
    assertThat(new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).start().waitFor()).isZero();
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** How often {@code needle} occurs in {@code log}. */
  static int count(Path log, String needle) {
    String text = read(log);
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
      n++;
    }
    return n;
  }

  static void kv(DevServer vault, String path, String json) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(vault.address() + "/v1/secret/data/" + path))
            .header("X-Vault-Token", vault.rootToken())
            .POST(HttpRequest.BodyPublishers.ofString("{\"data\":" + json + "}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
  }

  /** A FIFO made with mkfifo(1). */
  static Path fifo(Path path) throws IOException, InterruptedException {
    assertThat(new ProcessBuilder("mkfifo", path.toString()).start().waitFor()).isZero();
    return path;
  }

  /** A {@code vault} block and token_file auto-auth with the emulator's root token. */
  static String vaultAndAuth(DevServer vault, Path dir) throws IOException {
    Files.writeString(dir.resolve("token"), vault.rootToken());
    return "vault { address = \"" + vault.address() + "\" }\n"
        + "auto_auth {\n  method \"token_file\" {\n"
        + "    config = { token_file_path = \"" + dir.resolve("token") + "\" }\n  }\n}\n";
  }
}
