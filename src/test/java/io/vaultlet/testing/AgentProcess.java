package io.vaultlet.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code vaultlet agent} as a real process ({@code java -cp <test classpath> io.vaultlet.Main agent -config …}), its
 * output in a file: what a user runs, for end-to-end tests.
 */
public final class AgentProcess implements AutoCloseable {

  private final Process process;
  private final Path log;

  private AgentProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts {@code vaultlet agent -config config} with {@code flags}; output goes to {@code log}. */
  public static AgentProcess start(Path config, Path log, String... flags) throws IOException {
    return new AgentProcess(builder(config, log, flags).start(), log);
  }

  /**
   * As {@link #start(Path, Path, String...)} with {@code env} added to an environment without the test JVM's
   * {@code VAULT_*}, {@code BAO_*} and {@code AWS_*} variables (so the host's settings never reach the agent).
   */
  public static AgentProcess start(Path config, Path log, Map<String, String> env, String... flags)
      throws IOException {
    ProcessBuilder pb = builder(config, log, flags);
    pb.environment().keySet().removeIf(k -> k.startsWith("VAULT_") || k.startsWith("BAO_") || k.startsWith("AWS_"));
    pb.environment().putAll(env);
    return new AgentProcess(pb.start(), log);
  }

  private static ProcessBuilder builder(Path config, Path log, String... flags) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        "io.vaultlet.Main", "agent", "-config", config.toString()));
    cmd.addAll(List.of(flags));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
  }

  /** Everything the agent printed so far. */
  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** How many times {@code text} appears in the output. */
  public int count(String text) {
    return log().split(Pattern.quote(text), -1).length - 1;
  }

  /** The last value of {@code key=…} in the output (hclog's standard format), or null. */
  public String lastValue(String key) {
    Matcher m = Pattern.compile(Pattern.quote(key) + "=([^\\s\"]+)").matcher(log());
    String last = null;
    while (m.find()) {
      last = m.group(1);
    }
    return last;
  }

  /** Waits (real time, polling) until {@code condition}; fails after {@code limit} with the log. */
  public Duration await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
    Instant start = Instant.now();
    while (!condition.getAsBoolean()) {
      assertThat(process.isAlive()).as("the agent exited while waiting for " + what + ":\n" + log()).isTrue();
      assertThat(Instant.now()).as("waiting for " + what + ":\n" + log()).isBefore(start.plus(limit));
      Thread.sleep(50);
    }
    return Duration.between(start, Instant.now());
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the agent to exit by itself (e.g. {@code exit_after_auth}): its exit code, -1 when still running. */
  public int awaitExit(Duration limit) throws InterruptedException {
    return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  /** SIGTERM, then the exit code (-1 when it did not exit within 30s). */
  public int stop() throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor();
    return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
