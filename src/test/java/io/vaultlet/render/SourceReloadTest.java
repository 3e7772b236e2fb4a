package io.vaultlet.render;

import static io.vaultlet.render.TemplateSpecs.template;
import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.config.TemplateSettings;
import io.vaultlet.lease.EmulatorHarness;
import io.vaultlet.lease.LeaseWatcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceReloadTest {

  @TempDir
  Path dir;

  private EmulatorHarness h;
  private LeaseWatcher leases;
  private TemplateRunner runner;

  @BeforeEach
  void start() throws Exception {
    h = new EmulatorHarness();
    h.kv("app", Map.of("v", "x"));
  }

  @AfterEach
  void stop() {
    runner.close();
    leases.close();
    h.close();
  }

  private void start(Path source, Path out) {
    leases = h.watcher(LeaseWatcher.Options.from(TemplateSettings.defaults()));
    runner = new TemplateRunner(List.of(template("", out).source(source).spec()), TemplateSettings.defaults(),
        leases, new CommandRunner(Map.of()), h.scheduler, Map.of(), () -> 0.5, h.exitCode::set);
    runner.watchSources(Duration.ofSeconds(2));
    runner.start();
    h.settle();
  }

  @Test
  void anEditedSourceIsReRenderedWithinThePollInterval() throws Exception {
    Path src = dir.resolve("app.ctmpl");
    Path out = dir.resolve("app.conf");
    Files.writeString(src, "{{ with secret \"secret/app\" }}v1 {{ .Data.data.v }}{{ end }}");
    start(src, out);
    assertThat(out).hasContent("v1 x");

    Files.writeString(src, "{{ with secret \"secret/app\" }}v2 {{ .Data.data.v }}{{ end }}");
    h.advance(Duration.ofSeconds(2));
    assertThat(out).hasContent("v2 x");
  }

  @Test
  void aKubernetesConfigMapDataSymlinkSwapIsSeen() throws Exception {
    // mount/app.ctmpl -> ..data/app.ctmpl, ..data -> ..2026_01_01 ; an update writes ..2026_01_02 and swaps ..data
    Path mount = Files.createDirectories(dir.resolve("mount"));
    Path v1 = Files.createDirectories(mount.resolve("..2026_01_01"));
    Files.writeString(v1.resolve("app.ctmpl"), "{{ with secret \"secret/app\" }}one {{ .Data.data.v }}{{ end }}");
    Files.createSymbolicLink(mount.resolve("..data"), v1.getFileName());
    Files.createSymbolicLink(mount.resolve("app.ctmpl"), Path.of("..data/app.ctmpl"));
    Path out = dir.resolve("out.conf");
    start(mount.resolve("app.ctmpl"), out);
    assertThat(out).hasContent("one x");

    Path v2 = Files.createDirectories(mount.resolve("..2026_01_02"));
    Files.writeString(v2.resolve("app.ctmpl"), "{{ with secret \"secret/app\" }}two {{ .Data.data.v }}{{ end }}");
    Path tmpLink = mount.resolve("..data_tmp");
    Files.createSymbolicLink(tmpLink, v2.getFileName());
    Files.move(tmpLink, mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    h.advance(Duration.ofSeconds(2));

    assertThat(out).hasContent("two x");
  }

  @Test
  void aSourceThatNoLongerParsesKeepsThePreviousTemplateAndFile() throws Exception {
    Path src = dir.resolve("app.ctmpl");
    Path out = dir.resolve("app.conf");
    Files.writeString(src, "{{ with secret \"secret/app\" }}ok {{ .Data.data.v }}{{ end }}");
    start(src, out);

    Files.writeString(src, "{{ with secret \"secret/app\" }}broken {{ .Data.data.v }");
    h.advance(Duration.ofSeconds(2));
    assertThat(out).hasContent("ok x");
    h.kv("app", Map.of("v", "y"));
    h.advance(Duration.ofMinutes(5)); // the previous template keeps rendering new data
    assertThat(out).hasContent("ok y");
  }
}
