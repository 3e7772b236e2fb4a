package io.vaultlet.render;

import static io.vaultlet.render.TemplateSpecs.template;
import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.config.EnvTemplateConfig;
import io.vaultlet.config.ExecConfig;
import io.vaultlet.config.TemplateConfig;
import io.vaultlet.config.TemplateSettings;
import io.vaultlet.config.hcl.Position;
import io.vaultlet.lease.EmulatorHarness;
import io.vaultlet.lease.LeaseWatcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecSupervisorTest {

  @TempDir
  Path dir;

  private EmulatorHarness h;
  private LeaseWatcher leases;
  private TemplateRunner runner;
  private ExecSupervisor exec;

  @BeforeEach
  void start() throws Exception {
    h = new EmulatorHarness();
    h.kv("app", Map.of("secret", "first-value"));
  }

  @AfterEach
  void stop() {
    if (exec != null) {
      exec.close();
    }
    if (runner != null) {
      runner.close();
      leases.close();
    }
    h.close();
  }

  private void start(String command, ExecConfig.RestartPolicy policy, Duration killTimeout) throws Exception {
    ExecConfig config = new ExecConfig(new Position("t.hcl", 1, 1), List.of(command), policy, "SIGTERM",
        Optional.empty(), Optional.empty());
    EnvTemplateConfig env = new EnvTemplateConfig(new Position("t.hcl", 2, 1), "APP_SECRET", Optional.empty(),
        Optional.of("{{ with secret \"secret/app\" }}{{ .Data.data.secret }}{{ end }}"), false, true, "{{", "}}",
        List.of(), TemplateConfig.TemplateEngine.GOTEMPLATE);
    leases = h.watcher(LeaseWatcher.Options.from(TemplateSettings.defaults()));
    runner = new TemplateRunner(
        List.of(template("{{ with secret \"secret/app\" }}file {{ .Data.data.secret }}{{ end }}",
            dir.resolve("app.conf")).spec()),
        List.of(TemplateRunner.EnvSpec.of(env)), TemplateSettings.defaults(), leases, new CommandRunner(Map.of()),
        h.scheduler, Map.of(), () -> 0.5, h.exitCode::set);
    exec = new ExecSupervisor(config, h.scheduler, Map.of(), h.exitCode::set, killTimeout);
    runner.onEnvironment(exec::environmentChanged);
    runner.start();
    h.settle();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
      Thread.sleep(50);
    }
    assertThat(condition.getAsBoolean()).as(what).isTrue();
  }

  private static String content(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p).strip() : "";
    } catch (Exception e) {
      return "";
    }
  }

  @Test
  void theChildStartsAfterTheFirstCompleteRenderWithTheRenderedEnvironment() throws Exception {
    Path out = dir.resolve("seen");
    start("echo \"$APP_SECRET\" > " + out + "; sleep 60", ExecConfig.RestartPolicy.ALWAYS, Duration.ofSeconds(5));

    await("child wrote its environment", () -> content(out).equals("first-value"));
    assertThat(dir.resolve("app.conf")).hasContent("file first-value"); // files are in place before the child runs
    assertThat(exec.starts()).isEqualTo(1);
  }

  @Test
  void aChangedEnvironmentRestartsTheChildAfterTheDebounce() throws Exception {
    Path out = dir.resolve("seen");
    start("echo \"$APP_SECRET\" >> " + out + "; sleep 60", ExecConfig.RestartPolicy.ALWAYS, Duration.ofSeconds(5));
    await("first child", () -> content(out).equals("first-value"));
    long firstPid = exec.pid().orElseThrow();

    h.kv("app", Map.of("secret", "second-value"));
    h.advance(Duration.ofMinutes(5));
    assertThat(exec.starts()).isEqualTo(1); // debounced
    h.advance(ExecSupervisor.DEBOUNCE);

    assertThat(exec.starts()).isEqualTo(2);
    await("second child", () -> content(out).equals("first-value\nsecond-value"));
    assertThat(exec.pid()).isPresent().get().isNotEqualTo(firstPid);
    assertThat(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(h.exitCode.get()).isEqualTo(-1); // a restart is not the child exiting
  }

  @Test
  void restartOnSecretChangesNeverKeepsTheChild() throws Exception {
    start("sleep 60", ExecConfig.RestartPolicy.NEVER, Duration.ofSeconds(5));
    await("child", () -> exec.pid().isPresent());
    h.kv("app", Map.of("secret", "second-value"));
    h.advance(Duration.ofMinutes(5).plus(ExecSupervisor.DEBOUNCE));
    assertThat(exec.starts()).isEqualTo(1);
  }

  @Test
  void theAgentExitsWithTheChildsExitCode() throws Exception {
    start("exit 3", ExecConfig.RestartPolicy.ALWAYS, Duration.ofSeconds(5));
    await("child exit reported", () -> h.exitCode.get() == 3);
  }

  @Test
  void aForwardedSigtermEndsTheChildAndItsCodeBecomesTheAgents() throws Exception {
    Path ready = dir.resolve("ready");
    start("trap 'exit 42' TERM; touch " + ready + "; while true; do sleep 0.1; done", ExecConfig.RestartPolicy.ALWAYS,
        Duration.ofSeconds(5));
    await("child ready", () -> Files.exists(ready));
    exec.forward("SIGTERM");
    await("child exit reported", () -> h.exitCode.get() == 42);
  }

  @Test
  void aChildIgnoringAForwardedSignalIsKilledAfterTheKillTimeout() throws Exception {
    Path ready = dir.resolve("ready");
    start("trap '' TERM; touch " + ready + "; while true; do sleep 0.1; done", ExecConfig.RestartPolicy.ALWAYS,
        Duration.ofSeconds(30));
    await("child ready", () -> Files.exists(ready));
    exec.forward("SIGTERM");
    Thread.sleep(300);
    assertThat(exec.pid()).isPresent(); // ignored
    h.advance(Duration.ofSeconds(30));
    await("child killed and its code reported", () -> h.exitCode.get() == 137);
  }

  @Test
  void aChildIgnoringTheStopSignalIsKilledAfterTheKillTimeout() throws Exception {
    Path ready = dir.resolve("ready");
    start("trap '' TERM; touch " + ready + "; while true; do sleep 0.1; done", ExecConfig.RestartPolicy.ALWAYS,
        Duration.ofMillis(500));
    await("child ready", () -> Files.exists(ready));
    long firstPid = exec.pid().orElseThrow();

    h.kv("app", Map.of("secret", "second-value"));
    h.advance(Duration.ofMinutes(5).plus(ExecSupervisor.DEBOUNCE));
    assertThat(exec.starts()).isEqualTo(2);
    await("old child killed", () -> !ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false));
  }
}
