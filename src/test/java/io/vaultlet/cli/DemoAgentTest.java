package io.vaultlet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.render.RuntimeStatus;
import io.vaultlet.render.TemplateStatus;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent half of {@code vaultlet dev}: seeded through Vault's API, it renders the demo templates. */
class DemoAgentTest {

  @TempDir Path dir;

  @Test
  void rendersTheDemoTemplatesFromASeededEmulator() throws Exception {
    Path out = dir.resolve("out");
    StringWriter console = new StringWriter();
    try (DevServer server = DevServer.start(DevOptions.builder().build());
        DemoAgent demo = DemoAgent.start(server, out, new PrintWriter(console), Duration.ZERO)) {
      await(() -> Files.exists(out.resolve("app.env")) && Files.exists(out.resolve("db.env"))
          && Files.exists(out.resolve("tls.pem")) && Files.exists(out.resolve("aws.env")));

      assertThat(Files.readString(out.resolve("app.env")))
          .contains("APP_NAME=vaultlet-demo").contains("APP_GREETING=HELLO FROM VAULT");
      assertThat(Files.readString(out.resolve("db.env")))
          .containsPattern("DB_USERNAME=v-approle-demo-app-\\S+").containsPattern("DB_PASSWORD=\\S{8,}");
      X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
          new ByteArrayInputStream(Files.readString(out.resolve("tls.pem")).getBytes(StandardCharsets.US_ASCII)));
      assertThat(cert.getSubjectX500Principal().getName()).contains("CN=app.demo.internal");
      assertThat(Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()))
          .isLessThanOrEqualTo(Duration.ofMinutes(3).plusSeconds(60));
      assertThat(Files.readString(out.resolve("aws.env"))).containsPattern("AWS_ACCESS_KEY_ID=AKIA[A-Z2-7]{16}")
          .containsPattern("AWS_SECRET_ACCESS_KEY=\\S{40}");
      assertThat(console.toString()).contains("demo agent started").contains("db.env").contains("aws.env");
      assertThat(Files.readString(out.resolve(".demo/agent.hcl"))).contains("aws_access_key \"demo\"");
      // the agent's configuration is plain Vault Agent HCL a user can read and reuse
      assertThat(Files.readString(out.resolve(".demo/agent.hcl"))).contains("method \"approle\"");
    }
  }

  @Test
  void credentialsAreOwnerOnlyAndThePostgresAddressIsPublished() throws Exception {
    Path out = dir.resolve("out");
    Files.createDirectories(out.resolve(".demo"));
    // a secret-id left world-readable by an older version is replaced by an owner-only one
    Files.writeString(out.resolve(".demo/secret-id"), "old");
    Files.setPosixFilePermissions(out.resolve(".demo/secret-id"), PosixFilePermissions.fromString("rw-r--r--"));
    StringWriter console = new StringWriter();
    try (DevServer server = DevServer.start(DevOptions.builder().build());
        DemoAgent demo = DemoAgent.start(server, out, new PrintWriter(console), Duration.ZERO)) {
      await(() -> Files.exists(out.resolve("app.env")) && Files.exists(out.resolve("db.env"))
          && Files.exists(out.resolve("tls.pem")));
      String address = Files.readString(out.resolve(".demo/postgres-address")).strip();
      assertThat(address).matches("127\\.0\\.0\\.1:\\d+");
      assertThat(console.toString()).contains("PostgreSQL of the database engine: " + address);

      // every file the demo and its agent wrote: credentials 0600; nothing else writable by others; only the
      // non-secret files (the agent's configuration, the templates, the PostgreSQL address) readable by others
      Set<String> mayBeShared = Set.of("agent.hcl", "postgres-address", "app.env.ctmpl", "db.env.ctmpl",
          "tls.pem.ctmpl");
      List<Path> files;
      try (Stream<Path> walk = Files.walk(out)) {
        files = walk.filter(Files::isRegularFile).toList();
      }
      assertThat(files).extracting(p -> p.getFileName().toString())
          .contains("role-id", "secret-id", "app.env", "db.env", "tls.pem");
      for (Path f : files) {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(f);
        assertThat(mode).as(f + " is not writable by others")
            .doesNotContain(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
        if (!mayBeShared.contains(f.getFileName().toString())) {
          assertThat(PosixFilePermissions.toString(mode)).as(f + " holds a credential").isEqualTo("rw-------");
        }
      }
    }
  }

  @Test
  void aPartThatCannotStartIsNamedInOneLineAndTheRestRuns() throws Exception {
    Path out = dir.resolve("out");
    StringWriter console = new StringWriter();
    try (DevServer server = DevServer.start(DevOptions.builder().noPostgres(true).build());
        DemoAgent demo = DemoAgent.start(server, out, new PrintWriter(console), Duration.ZERO)) {
      await(() -> Files.exists(out.resolve("app.env")) && Files.exists(out.resolve("tls.pem")));
      assertThat(out.resolve("db.env")).doesNotExist();
      assertThat(console.toString()).containsOnlyOnce("demo part missing: db.env:")
          .contains("-dev-postgres=<jdbc-url>").doesNotContain("\tat ").doesNotContain("Exception");
      assertThat(out.resolve(".demo/postgres-address")).doesNotExist();
      String table = DemoAgent.table(new RuntimeStatus(Instant.now(), List.of(), List.of()),
          Map.of("db.env", "the emulator runs without PostgreSQL (-no-postgres); to use your own server: x"),
          Instant.now());
      assertThat(table).contains("db.env", "missing", "not started: the emulator runs without PostgreSQL");
    }
  }

  @Test
  void liveTableShowsEachTemplateWithRelativeTimes() {
    Instant now = Instant.parse("2026-01-01T00:01:00Z");
    RuntimeStatus status = new RuntimeStatus(now, List.of(new TemplateStatus("/x/out/db.env", "", "rendered",
        Optional.of(now.minusSeconds(15)), Optional.of(now.plusSeconds(30)), "renew",
        Optional.of(now.plusSeconds(20)), 0, "", 0)), List.of());
    String table = DemoAgent.table(status, now);
    assertThat(table.lines().toList()).hasSize(2);
    assertThat(table).contains("db.env").contains("15s ago").contains("in 30s").contains("renew in 20s");
  }

  @Test
  void accessKeyTableShowsTheKeyThePhaseAndWhatIsNext() {
    Instant now = Instant.parse("2026-01-01T00:01:00Z");
    String table = DemoAgent.accessKeyTable(List.of(new io.vaultlet.rotation.awskey.AccessKeyStatus("demo",
        "secret/demo/aws", "demo-app", "AKIAEXAMPLE000000001", "published", "waiting",
        "the old key stays active", Optional.of(now.plusSeconds(40)), "")), now);
    assertThat(table.lines().toList()).hasSize(2);
    assertThat(table).contains("demo", "AKIAEXAMPLE000000001", "published", "waiting", "in 40s");
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("files rendered in time").isBefore(deadline);
      Thread.sleep(100);
    }
  }
}
