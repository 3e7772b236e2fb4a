package io.vaultlet.render;

import static io.vaultlet.render.TemplateSpecs.template;
import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.config.TemplateSettings;
import io.vaultlet.lease.EmulatorHarness;
import io.vaultlet.lease.LeaseWatcher;
import io.vaultlet.support.SystemScheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With the production scheduler: one slow Vault path does not hold up the templates that do not use it. */
class SlowVaultTest {

  @TempDir
  Path dir;

  @Test
  void aSlowDependencyDoesNotDelayOtherTemplates() throws Exception {
    try (EmulatorHarness h = new EmulatorHarness(); SystemScheduler scheduler = new SystemScheduler("test", 4)) {
      h.kv("slow", Map.of("v", "s"));
      h.kv("fast", Map.of("v", "f"));
      h.fault(Map.of("kind", "latency", "latency_ms", 4000, "path_prefix", "secret/data/slow"));
      LeaseWatcher leases = new LeaseWatcher(h.client, scheduler,
          LeaseWatcher.Options.from(TemplateSettings.defaults()), new io.vaultlet.events.RotationJournal(), () -> 0.5,
          h.exitCode::set);
      Path slow = dir.resolve("slow");
      Path fast = dir.resolve("fast");
      TemplateRunner runner = new TemplateRunner(List.of(
          template("{{ with secret \"secret/slow\" }}{{ .Data.data.v }}{{ end }}", slow).spec(),
          template("{{ with secret \"secret/fast\" }}{{ .Data.data.v }}{{ end }}", fast).spec()),
          TemplateSettings.defaults(), leases, new CommandRunner(Map.of()), scheduler, Map.of(), () -> 0.5,
          h.exitCode::set);
      try {
        long started = System.nanoTime();
        runner.start();
        while (!Files.exists(fast) && System.nanoTime() - started < 10_000_000_000L) {
          Thread.sleep(20);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(fast).hasContent("f");
        assertThat(millis).isLessThan(3000);
        assertThat(slow).doesNotExist(); // still being fetched
      } finally {
        runner.close();
        leases.close();
      }
    }
  }
}
