package io.vaultlet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.config.AgentConfig;
import io.vaultlet.config.ConfigLoader;
import io.vaultlet.config.TemplateConfig;
import io.vaultlet.dev.demo.DevDemo;
import io.vaultlet.lease.EmulatorHarness;
import io.vaultlet.lease.LeaseWatcher;
import io.vaultlet.render.CommandRunner;
import io.vaultlet.render.RuntimeStatus;
import io.vaultlet.render.TemplateRunner;
import io.vaultlet.events.RotationEvent;
import io.vaultlet.events.RotationJournal;
import io.vaultlet.rotation.StateFile;
import io.vaultlet.template.Dependency;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's db.env as {@code vaultlet dev} configures it, on a manual clock: its check fails once on purpose at the
 * first rotation (the previous file is kept and the table says so), then the retry passes and the link switches.
 */
class DemoRotationTest {

  @TempDir Path dir;

  @Test
  void theDemoShowsAVerifyFailureThenABlueGreenSwitch() throws Exception {
    try (EmulatorHarness h = new EmulatorHarness()) {
      Path out = dir.resolve("out");
      DevDemo.Setup setup = new DevDemo(h.client, out).seed(h.vault.address());
      assertThat(setup.database()).isTrue();
      AgentConfig config = ConfigLoader.load(List.of(setup.agentConfig()), Map.of()).config();
      TemplateConfig db = config.templates().stream().filter(t -> t.destination().endsWith("db.env")).findFirst()
          .orElseThrow();
      assertThat(db.rotation().blueGreen()).isTrue();
      assertThat(db.rotation().verify().orElseThrow().postgres()).isPresent();

      // the demo agent's own policy: it must be allowed to read its credentials and to end the previous ones
      String token = (String) h.http.write("auth/token/create", Map.of("policies", List.of("demo-agent"),
          "ttl", "1h")).auth().get("client_token");
      LeaseWatcher leases = h.watcher(LeaseWatcher.Options.from(config.templateSettings()), h.client.withToken(token));
      RotationJournal journal = new RotationJournal();
      TemplateRunner runner = new TemplateRunner(List.of(TemplateRunner.Spec.of(db)), List.of(),
          config.templateSettings(), leases, new CommandRunner(Map.of()), h.scheduler, Map.of(), () -> 0.5,
          h.exitCode::set, new TemplateRunner.Rotation(journal, StateFile.at(config.rotationStateFile()
              .orElseThrow())));
      try {
        runner.start();
        h.settle();
        Path file = out.resolve("db.env");
        assertThat(Files.readSymbolicLink(file)).isEqualTo(Path.of("db.env.blue"));
        String first = Files.readString(file);
        assertThat(first).contains("DB_PREVIOUS_USERNAME=\n");

        Dependency creds = Dependency.VaultRead.parse("database/creds/demo-app");
        String lease = leases.lease(creds).orElseThrow().leaseId();
        while (leases.lease(creds).orElseThrow().leaseId().equals(lease)) {
          h.advance(Duration.ofSeconds(1));
        }
        RuntimeStatus failed = runner.status();
        assertThat(Files.readString(file)).as("the previous file is kept").isEqualTo(first);
        assertThat(failed.templates().get(0).state()).isEqualTo("verify_failed");
        String table = DemoAgent.table(failed, h.scheduler.now());
        // (other tests of this JVM may have registered words such as "once" or "demo" as secrets)
        assertThat(table).contains("db.env → blue", "verify_failed", "on purpose",
            "recent rotation steps:");

        h.advance(Duration.ofSeconds(1));
        assertThat(Files.readSymbolicLink(file)).isEqualTo(Path.of("db.env.green"));
        assertThat(Files.readString(file)).contains("DB_PREVIOUS_USERNAME=" + username(first));
        String after = DemoAgent.table(runner.status(), h.scheduler.now());
        assertThat(after).contains("db.env → green", "switch", "→ db.env.green");
        assertThat(journal.recent()).extracting(RotationEvent::step).containsSubsequence("verify", "switch", "verify",
            "verify", "switch", "grace");
        h.advance(Duration.ofSeconds(16));
        assertThat(journal.recent()).filteredOn(e -> e.step().equals("revoke")).singleElement()
            .extracting(RotationEvent::result).isEqualTo(RotationEvent.Result.SUCCEEDED);
      } finally {
        runner.close();
        leases.close();
      }
    }
  }

  private static String username(String env) {
    return env.lines().filter(l -> l.startsWith("DB_USERNAME=")).findFirst().orElseThrow()
        .substring("DB_USERNAME=".length());
  }
}
