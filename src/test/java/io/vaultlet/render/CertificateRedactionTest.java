package io.vaultlet.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.config.AgentConfig;
import io.vaultlet.config.ConfigLoader;
import io.vaultlet.lease.EmulatorHarness;
import io.vaultlet.support.Log;
import io.vaultlet.support.Redactor;
import io.vaultlet.vault.VaultRequest;
import io.vaultlet.vault.VaultResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One rule for a certificate, whichever path brought it (docs/security.md, "What is redacted"): its serial number,
 * the certificate and its CA are public and appear in logs as they are; its private key never does — not whole, not
 * {@code \n}-escaped, not one line of it. Each path gets its own certificate: registrations are process-wide, so a
 * key registered by one path must not make another path's test pass.
 */
class CertificateRedactionTest {

  @TempDir Path dir;

  private EmulatorHarness h;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private Log.Level previous;

  @BeforeEach
  void start() throws Exception {
    h = new EmulatorHarness();
    h.pki("24h");
    previous = Log.level();
    Log.configure(Log.Level.TRACE, Log.Format.STANDARD);
    Log.setOutput(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    Log.configure(previous, Log.Format.STANDARD);
    Log.setOutput(System.err);
    h.close();
  }

  @Test
  void aSecretReadShowsTheSerialAndNeverTheKey() {
    Map<String, Object> issued = h.http.write("pki/issue/svc", Map.of("common_name", "read.svc.test")).data();
    h.kv("bundle", issued); // a KV v2 secret holding a whole issue answer
    VaultResponse read = h.client.readSecret("secret/bundle", Map.of()).orElseThrow();
    assertThat(read.data().path("data").path("serial_number").asText()).isEqualTo(issued.get("serial_number"));
    assertShownAndHidden((String) issued.get("serial_number"), (String) issued.get("certificate"),
        (String) issued.get("private_key"));
  }

  @Test
  void anUnwrappedAnswerShowsTheSerialAndNeverTheKey() {
    VaultResponse wrapped = h.client.send(VaultRequest.post("pki/issue/svc")
        .body(Map.of("common_name", "unwrap.svc.test")).wrapTtl(Duration.ofMinutes(5)).build()).orElseThrow();
    String wrappingToken = wrapped.wrapInfo().orElseThrow().token();
    VaultResponse unwrapped = h.client.unwrap(wrappingToken).orElseThrow();
    assertShownAndHidden(unwrapped.data().path("serial_number").asText(),
        unwrapped.data().path("certificate").asText(), unwrapped.data().path("private_key").asText());
  }

  @Test
  void aTemplateFetchShowsTheSerialAndNeverTheKey() throws Exception {
    Path hcl = dir.resolve("agent.hcl");
    Files.writeString(hcl, "vault { address = \"" + h.vault.address() + "\" }\n"
        + "template {\n  contents = \"{{ with secret \\\"pki/issue/svc\\\" \\\"common_name=fetch.svc.test\\\" }}"
        + "{{ .Data.serial_number }}|{{ .Data.certificate | base64Encode }}|{{ .Data.private_key | base64Encode }}"
        + "{{ end }}\"\n  destination = \"" + dir.resolve("out.txt") + "\"\n}\n");
    AgentConfig config = ConfigLoader.load(List.of(hcl), Map.of()).config();
    TemplateRuntime runtime = TemplateRuntime.create(config, h.client, h.scheduler, code -> { });
    try {
      runtime.start();
      h.settle();
      h.advance(Duration.ofSeconds(1));
    } finally {
      runtime.close();
    }
    String[] parts = Files.readString(dir.resolve("out.txt")).split("\\|");
    java.util.Base64.Decoder b64 = java.util.Base64.getDecoder();
    assertShownAndHidden(parts[0], new String(b64.decode(parts[1]), StandardCharsets.UTF_8),
        new String(b64.decode(parts[2]), StandardCharsets.UTF_8));
  }

  private void assertShownAndHidden(String serial, String certificate, String key) {
    assertThat(serial).matches("[0-9a-f]{2}(:[0-9a-f]{2})+");
    assertThat(key).contains("PRIVATE KEY-----");
    List<String> keyLines = key.strip().lines().filter(l -> !l.startsWith("-----")).toList();
    assertThat(keyLines).isNotEmpty();
    String escaped = key.strip().replace("\n", "\\n");
    Log.named("certificate-redaction").info("issued", "serial", serial, "certificate", certificate, "key", key,
        "quoted", escaped, "line", keyLines.get(0));
    String logs = captured.toString(StandardCharsets.UTF_8);
    assertThat(logs).contains("serial=" + serial);
    String certBody = certificate.strip().lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
    assertThat(logs).contains(certBody);
    assertThat(logs).doesNotContain(key.strip()).doesNotContain(escaped);
    for (String line : keyLines) {
      assertThat(logs).doesNotContain(line);
    }
    assertThat(Redactor.redact("serial " + serial)).isEqualTo("serial " + serial);
  }
}
