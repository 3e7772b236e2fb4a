package io.vaultlet;

import static io.vaultlet.AgentProcesses.agent;
import static io.vaultlet.AgentProcesses.await;
import static io.vaultlet.AgentProcesses.count;
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
 * Template {@code source} hot reload through {@code vaultlet agent} as a process (README: "sources are watched, incl.
 * the Kubernetes {@code ..data} swap"): an edit in place, a rename over the source, and a ConfigMap-style symlink swap
 * each reach the destination without a signal; a source broken before a SIGHUP keeps the last good template rendering
 * (its file keeps following its secret), logs its parse error once, and recovers when the source is fixed.
 */
class AgentSourceReloadProcessTest {

  private static final Duration SOON = Duration.ofSeconds(20);

  @TempDir Path dir;

  private static String kvTemplate(String label) {
    return label + "={{ with secret \"secret/app\" }}{{ .Data.data.v }}{{ end }}";
  }

  private Path config(DevServer vault, Path source1, Path source2, Path out1, Path out2) throws Exception {
    Path config = dir.resolve("agent.hcl");
    Files.writeString(config, vaultAndAuth(vault, dir)
        + "template_config { static_secret_render_interval = \"1s\" }\n"
        + "template {\n  source = \"" + source1 + "\"\n  destination = \"" + out1 + "\"\n}\n"
        + (source2 == null ? "" : "template {\n  source = \"" + source2 + "\"\n  destination = \"" + out2 + "\"\n}\n"));
    return config;
  }

  @Test
  void editsRenamesAndConfigMapSwapsReachTheDestinationWithoutASignal() throws Exception {
    try (DevServer vault = DevServer.start(DevOptions.builder().build())) {
      kv(vault, "app", "{\"v\":\"first\"}");
      Path source = dir.resolve("app.ctmpl");
      Files.writeString(source, kvTemplate("A"));
      // a ConfigMap volume: the file is a symlink through ..data, itself a symlink to a timestamped directory
      Path cm = Files.createDirectories(dir.resolve("cm"));
      Files.createDirectories(cm.resolve("..2026_01_01"));
      Files.writeString(cm.resolve("..2026_01_01/app.ctmpl"), kvTemplate("K1"));
      Files.createSymbolicLink(cm.resolve("..data"), Path.of("..2026_01_01"));
      Files.createSymbolicLink(cm.resolve("app.ctmpl"), Path.of("..data/app.ctmpl"));
      Path out1 = dir.resolve("out1.txt");
      Path out2 = dir.resolve("out2.txt");
      Path log = dir.resolve("agent.log");
      Process p = agent(config(vault, source, cm.resolve("app.ctmpl"), out1, out2), log);
      try {
        await("first render", SOON, () -> read(out1).equals("A=first") && read(out2).equals("K1=first")
            || !p.isAlive());
        assertThat(p.isAlive()).as(read(log)).isTrue();

        Files.writeString(source, kvTemplate("B")); // edit in place
        await("edit in place", SOON, () -> read(out1).equals("B=first"));

        Path next = dir.resolve("app.ctmpl.new");
        Files.writeString(next, kvTemplate("C"));
        Files.move(next, source, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        await("rename over the source", SOON, () -> read(out1).equals("C=first"));

        Files.createDirectories(cm.resolve("..2026_01_02"));
        Files.writeString(cm.resolve("..2026_01_02/app.ctmpl"), kvTemplate("K2"));
        Files.createSymbolicLink(cm.resolve("..data_tmp"), Path.of("..2026_01_02"));
        Files.move(cm.resolve("..data_tmp"), cm.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
        await("..data symlink swap", SOON, () -> read(out2).equals("K2=first"));

        kv(vault, "app", "{\"v\":\"second\"}"); // the reloaded templates still follow their secret
        await("secret change", SOON, () -> read(out1).equals("C=second") && read(out2).equals("K2=second"));
        assertThat(count(log, "template source changed; re-rendering")).isGreaterThanOrEqualTo(3);

        signal(p, "TERM");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(read(log)).isZero();
      } finally {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void aSourceBrokenAtSighupKeepsTheLastGoodTemplateAndRecoversWhenFixed() throws Exception {
    try (DevServer vault = DevServer.start(DevOptions.builder().build())) {
      kv(vault, "app", "{\"v\":\"first\"}");
      Path source = dir.resolve("app.ctmpl");
      Files.writeString(source, kvTemplate("A"));
      Path out = dir.resolve("out.txt");
      Path log = dir.resolve("agent.log");
      Process p = agent(config(vault, source, null, out, null), log);
      try {
        await("first render", SOON, () -> read(out).equals("A=first") || !p.isAlive());
        assertThat(p.isAlive()).as(read(log)).isTrue();

        Files.writeString(source, "A={{ with secret \"secret/app\" }}{{ .Data.data.v }"); // unclosed action
        signal(p, "HUP");
        await("reload", SOON, () -> read(log).contains("keeping the last good template"));

        kv(vault, "app", "{\"v\":\"second\"}");
        await("the file follows its secret with the last good template", SOON, () -> read(out).equals("A=second"));
        Thread.sleep(3000); // several runs (1s KV interval) and source polls (2s) with the source still broken
        String text = read(log);
        int parseErrors = count(log, "in operand"); // the parse error: unexpected "}" in operand
        assertThat(parseErrors).as(text).isBetween(1, 2); // the reload's and possibly the poller's: once per change
        assertThat(text).contains("keeping the last good template").doesNotContain("error=null");

        Files.writeString(source, kvTemplate("FIXED"));
        await("recovery without SIGHUP", SOON, () -> read(out).equals("FIXED=second"));

        signal(p, "TERM");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(read(log)).isZero();
      } finally {
        p.destroyForcibly();
      }
    }
  }
}
