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
import java.util.List;
import java.util.Optional;
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
