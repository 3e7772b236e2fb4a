package io.vaultlet.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.config.TemplateConfig.CommandConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandRunnerTest {

  @TempDir
  Path dir;

  private final CommandRunner runner = new CommandRunner(Map.of("VAULTLET_TEST", "from-runner"));

  private static CommandConfig cmd(Duration timeout, String... argv) {
    return new CommandConfig(List.of(argv), timeout);
  }

  @Test
  void aSingleStringWithSpacesRunsThroughTheShellAndAListRunsDirectly() throws Exception {
    Path out = dir.resolve("out");
    runner.runAll(List.of(
        cmd(Duration.ofSeconds(10), "echo \"$VAULTLET_TEST\" > " + out),
        cmd(Duration.ofSeconds(10), "/bin/sh", "-c", "echo listed >> \"$0\"", out.toString())));
    assertThat(Files.readAllLines(out)).containsExactly("from-runner", "listed");
    assertThat(CommandRunner.argv(List.of("reload"))).containsExactly("reload");
    assertThat(CommandRunner.argv(List.of("systemctl reload nginx")))
        .containsExactly("/bin/sh", "-c", "systemctl reload nginx");
  }

  @Test
  void identicalCommandsRunOnceInTheOrderGiven() throws Exception {
    Path out = dir.resolve("order");
    String first = "echo first >> " + out;
    String second = "echo second >> " + out;
    List<CommandRunner.Outcome> outcomes = runner.runAll(List.of(cmd(Duration.ofSeconds(10), first),
        cmd(Duration.ofSeconds(10), second), cmd(Duration.ofSeconds(10), first)));
    assertThat(outcomes).hasSize(2).allMatch(CommandRunner.Outcome::ok);
    assertThat(Files.readAllLines(out)).containsExactly("first", "second");
  }

  @Test
  void aFailingCommandIsReportedAndCounted() {
    CommandRunner.Outcome o = runner.run(cmd(Duration.ofSeconds(10), "exit 3"));
    assertThat(o.ok()).isFalse();
    assertThat(o.exitCode()).isEqualTo(3);
    assertThat(o.error()).isEqualTo("command exited with status 3");
    assertThat(runner.failures()).isEqualTo(1);
  }

  @Test
  void aCommandPastItsTimeoutIsKilledWithEverythingItStarted() throws Exception {
    Path pid = dir.resolve("pid");
    long started = System.nanoTime();
    CommandRunner.Outcome o = runner.run(cmd(Duration.ofMillis(500), "sleep 60 & echo $! > " + pid + "; wait"));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    assertThat(o.timedOut()).isTrue();
    assertThat(o.error()).contains("did not exit within");
    long child = Long.parseLong(Files.readString(pid).strip());
    for (int i = 0; i < 50 && ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false); i++) {
      Thread.sleep(100);
    }
    assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  @Test
  void aCommandThatCannotStartIsAFailureNotAnException() {
    CommandRunner.Outcome o = runner.run(cmd(Duration.ofSeconds(1), "/nonexistent/reload"));
    assertThat(o.ok()).isFalse();
    // started through setsid the exec failure is the shell convention 127; without setsid, Java cannot start it
    assertThat(o.error()).matches("cannot start.*|command exited with status 127");
  }
}
