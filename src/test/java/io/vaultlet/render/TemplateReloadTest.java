package io.vaultlet.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.auth.AuthToken;
import io.vaultlet.auth.TokenChange;
import io.vaultlet.config.AgentConfig;
import io.vaultlet.config.ConfigLoader;
import io.vaultlet.lease.EmulatorHarness;
import io.vaultlet.lease.LeaseStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGHUP's part in the runtime: {@link TemplateRuntime#reconfigure} against the emulator, requests counted there. */
class TemplateReloadTest {

  @TempDir
  Path dir;

  private EmulatorHarness h;
  private TemplateRuntime runtime;

  @BeforeEach
  void start() throws Exception {
    h = new EmulatorHarness();
    h.kv("app", Map.of("v", "one"));
    h.kv("other", Map.of("v", "two"));
  }

  @AfterEach
  void stop() {
    if (runtime != null) {
      runtime.close();
    }
    h.close();
  }

  private static String template(String secret, Path out, String extra) {
    return "template {\n  contents = \"{{ with secret \\\"secret/" + secret + "\\\" }}{{ .Data.data.v }}{{ end }}\"\n"
        + "  destination = \"" + out + "\"\n" + extra + "}\n";
  }

  private AgentConfig config(String templates) throws Exception {
    Path file = dir.resolve("agent.hcl");
    Files.writeString(file, "vault { address = \"" + h.vault.address() + "\" }\n" + templates);
    return ConfigLoader.load(List.of(file), Map.of()).config();
  }

  private void run(AgentConfig config) throws Exception {
    runtime = TemplateRuntime.create(config, h.client.withToken(null), h.scheduler, h.exitCode::set);
    runtime.tokenListener().tokenChanged(new TokenChange(AuthToken.of(h.vault.rootToken(), "acc", List.of(), false,
        h.scheduler.now(), Duration.ZERO), Optional.empty(), Optional.empty(), TokenChange.Reason.FIRST_LOGIN));
    runtime.start();
    h.settle();
  }

  private List<String> watched() {
    return runtime.status().leases().stream().map(LeaseStatus::dependency).toList();
  }

  @Test
  void anAddedTemplateUsingAnAlreadyWatchedSecretRendersWithoutANewRequest() throws Exception {
    Path a = dir.resolve("a.txt");
    Path b = dir.resolve("b.txt");
    run(config(template("app", a, "")));
    assertThat(a).hasContent("one");
    h.resetStats();

    runtime.reconfigure(config(template("app", a, "") + template("app", b, "")));
    h.settle();

    assertThat(b).hasContent("one");
    assertThat(h.totalRequests()).isZero();
    assertThat(runtime.allRendered()).isTrue();
  }

  @Test
  void aRemovedTemplateStopsRenderingKeepsItsFileAndItsSecretIsNoLongerRead() throws Exception {
    Path a = dir.resolve("a.txt");
    Path b = dir.resolve("b.txt");
    run(config(template("app", a, "") + template("other", b, "")));
    assertThat(b).hasContent("two");

    runtime.reconfigure(config(template("app", a, "")));
    h.settle();
    h.resetStats();
    h.kv("app", Map.of("v", "one-changed"));
    h.kv("other", Map.of("v", "two-changed"));
    h.resetStats();
    h.advance(Duration.ofMinutes(5)); // static_secret_render_interval

    assertThat(b).hasContent("two"); // left as it was
    assertThat(a).hasContent("one-changed");
    assertThat(h.requests("GET secret/data/other")).isZero();
    assertThat(h.requests("GET secret/data/app")).isEqualTo(1);
    assertThat(watched()).noneMatch(k -> k.contains("secret/other"));
    assertThat(runtime.status().templates()).extracting(TemplateStatus::destination).containsExactly(a.toString());
  }

  @Test
  void aSecretStillUsedByAnotherTemplateKeepsItsScheduleWhenOneUserIsRemoved() throws Exception {
    Path a = dir.resolve("a.txt");
    Path b = dir.resolve("b.txt");
    run(config(template("app", a, "") + template("app", b, "")));
    h.resetStats();

    runtime.reconfigure(config(template("app", a, "")));
    h.settle();
    h.kv("app", Map.of("v", "changed"));
    h.resetStats();
    h.advance(Duration.ofMinutes(5));

    assertThat(h.requests("GET secret/data/app")).isEqualTo(1);
    assertThat(a).hasContent("changed");
    assertThat(b).hasContent("one");
  }

  @Test
  void aChangedDestinationRendersToTheNewFileAndLeavesTheOldOne() throws Exception {
    Path old = dir.resolve("old.txt");
    Path moved = dir.resolve("sub/new.txt");
    run(config(template("app", old, "")));
    h.resetStats();

    runtime.reconfigure(config(template("app", moved, "")));
    h.settle();

    assertThat(moved).hasContent("one");
    assertThat(old).hasContent("one");
    assertThat(h.totalRequests()).isZero();
  }

  @Test
  void changedContentsPermsAndCommandTakeEffect() throws Exception {
    Path out = dir.resolve("app.txt");
    Path ran = dir.resolve("ran");
    run(config(template("app", out, "  perms = \"0644\"\n")));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-r--r--");

    runtime.reconfigure(config(template("app", out, "  perms = \"0600\"\n  command = \"echo ran >> " + ran + "\"\n")));
    h.settle();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
    assertThat(ran).hasContent("ran"); // the file was written again (its mode changed): its new command ran

    runtime.reconfigure(config("template {\n  contents = \"v={{ with secret \\\"secret/app\\\" }}{{ .Data.data.v }}"
        + "{{ end }}\"\n  destination = \"" + out + "\"\n  perms = \"0600\"\n}\n"));
    h.settle();
    assertThat(out).hasContent("v=one");
  }

  @Test
  void anUnchangedTemplateIsNotRewrittenAndItsCommandDoesNotRun() throws Exception {
    Path out = dir.resolve("app.txt");
    Path ran = dir.resolve("ran");
    String block = template("app", out, "  command = \"echo ran >> " + ran + "\"\n");
    run(config(block));
    assertThat(ran).hasContent("ran");
    long modified = Files.getLastModifiedTime(out).toMillis();

    runtime.reconfigure(config("\n\n# moved down\n" + block)); // same block, other position
    h.settle();

    assertThat(Files.readAllLines(ran)).hasSize(1);
    assertThat(Files.getLastModifiedTime(out).toMillis()).isEqualTo(modified);
    assertThat(runtime.status().templates()).singleElement()
        .satisfies(t -> assertThat(t.state()).isEqualTo("rendered"));
  }

  @Test
  void anEditedSourceFileIsReadAgainOnReload() throws Exception {
    Path src = dir.resolve("app.ctmpl");
    Files.writeString(src, "first {{ with secret \"secret/app\" }}{{ .Data.data.v }}{{ end }}");
    Path out = dir.resolve("app.txt");
    String block = "template {\n  source = \"" + src + "\"\n  destination = \"" + out + "\"\n}\n";
    run(config(block));
    assertThat(out).hasContent("first one");

    Files.writeString(src, "second {{ with secret \"secret/app\" }}{{ .Data.data.v }}{{ end }}");
    runtime.reconfigure(config(block));
    h.settle();

    assertThat(out).hasContent("second one");
  }
}
