package io.vaultlet.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * vaultlet's per-template metrics on a running agent, read from {@code /agent/v1/metrics?format=prometheus}: each
 * command's duration as a go-metrics timer (a summary, milliseconds) and failed renders as a counter, both labelled
 * by destination; certificate issues counted by the rotation journal ({@code agent.rotation.events}). The text parses
 * as the exposition format.
 */
class ListenerMetricsTest {

  @TempDir Path dir;

  @Test
  void commandDurationsRenderErrorsAndRotationsPerTemplate() throws Exception {
    try (ListenerFixture f = new ListenerFixture(dir)) {
      f.root.write("secret/data/app", Map.of("data", Map.of("user", "app", "port", "eighty")));
      f.root.write("sys/mounts/pki", Map.of("type", "pki", "config", Map.of("max_lease_ttl", "87600h")));
      f.root.write("pki/root/generate/internal", Map.of("common_name", "Test CA", "ttl", "8760h", "key_type", "ec"));
      f.root.write("pki/roles/svc", Map.of("allowed_domains", "svc.test", "allow_subdomains", true,
          "max_ttl", "24h", "key_type", "ec"));
      Path user = dir.resolve("user.txt");
      Path port = dir.resolve("port.txt");
      Path cert = dir.resolve("cert.pem");
      f.start("telemetry {\n  prometheus_retention_time = \"1h\"\n  disable_hostname = true\n}\n"
          + "template {\n  contents = \"{{ with secret \\\"secret/data/app\\\" }}{{ .Data.data.user }}{{ end }}\"\n"
          + "  destination = \"" + user + "\"\n  command = \"sleep 0.2\"\n}\n"
          + "template {\n  contents = \"{{ with secret \\\"secret/data/app\\\" }}{{ .Data.data.port | parseInt }}"
          + "{{ end }}\"\n  destination = \"" + port + "\"\n}\n"
          + "template {\n  contents = \"{{ with pkiCert \\\"pki/issue/svc\\\" \\\"common_name=a.svc.test\\\" }}"
          + "{{ .Cert }}{{ end }}\"\n  destination = \"" + cert + "\"\n}\n"
          + "listener \"tcp\" {\n  address = \"127.0.0.1:0\"\n  tls_disable = true\n}\n");
      ListenerFixture.await("the first templates", () -> Files.exists(user) && Files.exists(cert));
      ListenerFixture.await("the command's duration", () -> metrics(f).contains("command_duration_count"));

      String text = metrics(f);
      PrometheusFormat.validate(text);
      String u = "destination=\"" + user + "\"";
      assertThat(text).contains("# TYPE vault_agent_template_command_duration summary\n");
      assertThat(PrometheusFormat.value(text, "vault_agent_template_command_duration_count", u)).isEqualTo(1);
      double ms = PrometheusFormat.value(text, "vault_agent_template_command_duration_sum", u);
      assertThat(ms).as("milliseconds, as go-metrics timers: the command sleeps 200 ms").isGreaterThanOrEqualTo(200);
      assertThat(PrometheusFormat.value(text, "vault_agent_template_command_duration", u + ",quantile=\"0.5\""))
          .isEqualTo(ms);

      String p = "destination=\"" + port + "\"";
      assertThat(PrometheusFormat.value(text, "vault_agent_template_render_errors", p)).isGreaterThanOrEqualTo(1);
      assertThat(PrometheusFormat.value(text, "vault_agent_template_render_errors", u)).isZero();
      assertThat(PrometheusFormat.value(text, "vault_agent_template_error", p)).isEqualTo(1);

      assertThat(PrometheusFormat.value(text, "vault_agent_rotation_events",
          "kind=\"certificate\",result=\"succeeded\",step=\"issue\",target=\"" + cert + "\"")).isEqualTo(1);
      assertThat(PrometheusFormat.value(text, "vault_agent_template_expiry_seconds", "destination=\"" + cert + "\""))
          .isGreaterThan(3600);
    }
  }

  private static String metrics(ListenerFixture f) {
    try {
      return f.get("/agent/v1/metrics?format=prometheus").body();
    } catch (Exception e) {
      return "";
    }
  }
}
