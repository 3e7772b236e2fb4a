package io.vaultlet.render;

import static io.vaultlet.render.TemplateSpecs.template;
import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.config.TemplateSettings;
import io.vaultlet.lease.EmulatorHarness;
import io.vaultlet.lease.LeaseWatcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The `vaultlet dev` demo's templates ({@code templates/}) render with the runtime against the emulator. */
class DemoTemplatesTest {

  @TempDir
  Path dir;

  private EmulatorHarness h;
  private LeaseWatcher leases;
  private TemplateRunner runner;

  @BeforeEach
  void start() throws Exception {
    h = new EmulatorHarness();
    h.kv("demo/app", Map.of("name", "demo", "greeting", "hello"));
    h.http.write("sys/mounts/database", Map.of("type", "database"));
    h.http.write("database/roles/demo-app", Map.of("db_name", "postgres", "creation_statements",
        EmulatorHarness.CREATE, "default_ttl", "2m", "max_ttl", "10m"));
    h.http.write("sys/mounts/pki", Map.of("type", "pki", "config", Map.of("max_lease_ttl", "87600h")));
    h.http.write("pki/root/generate/internal", Map.of("common_name", "Demo Root", "ttl", "8760h"));
    h.http.write("pki/roles/demo", Map.of("allowed_domains", "demo.internal", "allow_subdomains", true,
        "max_ttl", "1h"));
  }

  @AfterEach
  void stop() {
    runner.close();
    leases.close();
    h.close();
  }

  @Test
  void theDemoTemplatesRenderAndTheCertificateRotates() throws Exception {
    Path app = dir.resolve("app.env");
    Path db = dir.resolve("db.env");
    Path tls = dir.resolve("tls.pem");
    leases = h.watcher(LeaseWatcher.Options.from(TemplateSettings.defaults()));
    runner = new TemplateRunner(List.of(
        template("", app).source(Path.of("templates/app.env.ctmpl")).spec(),
        template("", db).source(Path.of("templates/db.env.ctmpl")).spec(),
        template("", tls).source(Path.of("templates/tls.pem.ctmpl")).spec()),
        TemplateSettings.defaults(), leases, new CommandRunner(Map.of()), h.scheduler, Map.of(), () -> 0.5,
        h.exitCode::set);
    runner.start();
    h.settle();

    assertThat(Files.readString(app)).contains("APP_NAME=demo", "APP_GREETING=HELLO", "APP_CONFIG_VERSION=1");
    assertThat(Files.readString(db)).contains("DB_USERNAME=v-root-demo-app-", "DB_LEASE_SECONDS=120");
    Certs first = Certs.of(Files.readString(tls));
    assertThat(first.keyMatches()).isTrue();

    h.advance(Duration.ofMinutes(3));
    Certs second = Certs.of(Files.readString(tls));
    assertThat(second.notAfter()).isAfter(first.notAfter()); // ttl=3m: re-issued at 90% of its life
    assertThat(second.keyMatches()).isTrue();
  }
}
