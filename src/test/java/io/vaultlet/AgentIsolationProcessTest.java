package io.vaultlet;

import static io.vaultlet.AgentProcesses.agent;
import static io.vaultlet.AgentProcesses.await;
import static io.vaultlet.AgentProcesses.fifo;
import static io.vaultlet.AgentProcesses.kv;
import static io.vaultlet.AgentProcesses.read;
import static io.vaultlet.AgentProcesses.signal;
import static io.vaultlet.AgentProcesses.vaultAndAuth;
import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One template never hurts the others, through {@code vaultlet agent} as a process: a runaway {@code range}, 5,000
 * nested parentheses, a FIFO given to {@code file} and a FIFO swapped in as a source each fail alone with a message
 * that says why, while a canary template renders and follows its secret; SIGTERM stops the agent promptly, also while
 * its start is held up by a FIFO.
 */
class AgentIsolationProcessTest {

  private static final Duration SOON = Duration.ofSeconds(30);

  @TempDir Path dir;

  private static String template(String contents, Path out) {
    return "template {\n  contents = <<EOT\n" + contents + "\nEOT\n  destination = \"" + out + "\"\n}\n";
  }

  @Test
  void runawayAndHostileTemplatesFailAloneWhileTheCanaryRenders() throws Exception {
    try (DevServer vault = DevServer.start(DevOptions.builder().build())) {
      kv(vault, "app", "{\"v\":\"first\"}");
      Path canary = dir.resolve("canary.txt");
      Path pipe = fifo(dir.resolve("pipe"));
      Path source = dir.resolve("swapped.ctmpl");
      Files.writeString(source, "swapped");
      Path config = dir.resolve("agent.hcl");
      Files.writeString(config, vaultAndAuth(vault, dir)
          + "template_config { static_secret_render_interval = \"1s\" }\n"
          + template("{{ range loop 300000000 }}{{ end }}", dir.resolve("runaway.txt"))
          + template("{{ " + "(".repeat(5000) + "1" + ")".repeat(5000) + " }}", dir.resolve("parens.txt"))
          + template("{{ file \"" + pipe + "\" }}", dir.resolve("fifo.txt"))
          + "template {\n  source = \"" + source + "\"\n  destination = \"" + dir.resolve("swapped.txt") + "\"\n}\n"
          + template("{{ with secret \"secret/app\" }}{{ .Data.data.v }}{{ end }}", canary));
      Path log = dir.resolve("agent.log");
      Process p = agent(config, log);
      try {
        await("canary", SOON, () -> read(canary).strip().equals("first") || !p.isAlive());
        assertThat(p.isAlive()).as(read(log)).isTrue();
        await("every failure reported", SOON, () -> read(log).contains("max_render_steps")
            && read(log).contains("max expression depth exceeded") && read(log).contains("not a regular file"));
        assertThat(read(dir.resolve("swapped.txt"))).isEqualTo("swapped");

        // a FIFO renamed over a watched source: the poller refuses it and carries on
        Path fifoSource = fifo(dir.resolve("fifo-source"));
        Files.move(fifoSource, source, StandardCopyOption.REPLACE_EXISTING);
        await("FIFO source refused", SOON,
            () -> read(log).contains("cannot read a template source; keeping the running template"));

        kv(vault, "app", "{\"v\":\"second\"}");
        await("canary follows its secret", SOON, () -> read(canary).strip().equals("second"));
        assertThat(dir.resolve("runaway.txt")).doesNotExist();
        assertThat(dir.resolve("parens.txt")).doesNotExist();
        assertThat(read(log)).doesNotContain("error=null").doesNotContain("StackOverflowError");

        long stopAsked = System.nanoTime();
        signal(p, "TERM");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - stopAsked)).isLessThan(Agent.SHUTDOWN_DEADLINE.plusSeconds(5));
        assertThat(p.exitValue()).as(read(log)).isZero();
      } finally {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void sigtermStopsAnAgentWhoseStartIsHeldUpByAFifo() throws Exception {
    Path caCert = fifo(dir.resolve("ca.pem")); // nobody ever writes to it: reading it blocks
    Files.writeString(dir.resolve("token"), "t");
    Path config = dir.resolve("agent.hcl");
    Files.writeString(config, "vault {\n  address = \"https://127.0.0.1:9\"\n  ca_cert = \"" + caCert + "\"\n}\n"
        + "auto_auth {\n  method \"token_file\" {\n    config = { token_file_path = \"" + dir.resolve("token")
        + "\" }\n  }\n}\n" + template("x", dir.resolve("out.txt")));
    Path log = dir.resolve("agent.log");
    Process p = agent(config, log);
    try {
      await("start-up begun", SOON, () -> read(log).contains("vaultlet agent started!") || !p.isAlive());
      Thread.sleep(1000);
      assertThat(p.isAlive()).as(read(log)).isTrue();
      signal(p, "TERM");
      assertThat(p.waitFor(Agent.SHUTDOWN_DEADLINE.toSeconds() + 5, TimeUnit.SECONDS)).as(read(log)).isTrue();
      assertThat(p.exitValue()).as(read(log)).isZero();
      assertThat(read(log)).contains("stopping before the start-up finished");
    } finally {
      p.destroyForcibly();
    }
  }
}
