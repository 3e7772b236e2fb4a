package io.vaultlet;

import static io.vaultlet.AgentProcesses.await;
import static io.vaultlet.AgentProcesses.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.pki.KeySpec;
import io.vaultlet.pki.Pem;
import io.vaultlet.testing.VaultHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local-key certificate as a user runs it: {@code vaultlet dev} and {@code vaultlet agent} as two processes, the
 * agent rendering {@code pkiCert "pki/sign/…"} into a certificate file and a key file (one publish group). The
 * emulator's own counters and log show that only a certificate request crossed the wire.
 */
class AgentLocalKeyProcessTest {

  @TempDir Path dir;

  private Process dev;
  private Process agent;

  @AfterEach
  void stop() {
    for (Process p : new Process[] {agent, dev}) {
      if (p != null) {
        p.destroy();
        try {
          if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
          }
        } catch (InterruptedException e) {
          p.destroyForcibly();
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private static Process vaultlet(Path log, String... args) throws IOException {
    return AgentProcesses.main(log, args).start();
  }

  @Test
  void theAgentRendersASignedCertificateWhoseKeyNeverLeftIt() throws Exception {
    String root = "root-" + UUID.randomUUID();
    Path devLog = dir.resolve("dev.log");
    dev = vaultlet(devLog, "dev", "--no-agent", "--no-postgres", "-dev-listen-address=127.0.0.1:0",
        "-dev-root-token-id=" + root, "-log-level=debug");
    await("the emulator", dev, devLog, () -> read(devLog).contains("Root Token: "));
    Matcher m = Pattern.compile("Api Address: (\\S+)").matcher(read(devLog));
    assertThat(m.find()).isTrue();
    String address = m.group(1);
    VaultHttp vault = new VaultHttp(address, root);

    vault.write("sys/mounts/pki", Map.of("type", "pki", "config", Map.of("max_lease_ttl", "87600h")));
    vault.write("pki/root/generate/internal", Map.of("common_name", "Dev Root", "ttl", "8760h"));
    vault.write("pki/roles/web", Map.of("allowed_domains", "svc.test", "allow_subdomains", true,
        "key_type", "ec", "key_bits", 384, "max_ttl", "2160h"));
    vault.write("sys/policies/acl/web-tls", Map.of("policy", "path \"pki/sign/web\" { capabilities = [\"update\"] }\n"
        + "path \"pki/roles/web\" { capabilities = [\"read\"] }\n"));
    String token = (String) vault.write("auth/token/create", Map.of("policies", List.of("web-tls"), "ttl", "24h"))
        .auth().get("client_token");
    Files.writeString(dir.resolve("token"), token);

    Path crt = dir.resolve("tls/web.crt");
    Path key = dir.resolve("tls/web.key");
    Path config = dir.resolve("agent.hcl");
    String sign = "pkiCert \\\"pki/sign/web\\\" \\\"common_name=web.svc.test\\\" \\\"ttl=2160h\\\"";
    Files.writeString(config, ""
        + "vault { address = \"" + address + "\" }\n"
        + "auto_auth {\n  method \"token_file\" {\n"
        + "    config = { token_file_path = \"" + dir.resolve("token") + "\" }\n  }\n}\n"
        + "template_config {\n  renew_before = \"720h\"\n}\n"
        + "template {\n"
        + "  contents      = \"{{ with " + sign + " }}{{ .Cert }}{{ .CA }}{{ end }}\"\n"
        + "  destination   = \"" + crt + "\"\n"
        + "  publish_group = \"web-tls\"\n"
        + "}\n"
        + "template {\n"
        + "  contents      = \"{{ with " + sign + " }}{{ .Key }}{{ end }}\"\n"
        + "  destination   = \"" + key + "\"\n"
        + "  perms         = \"0600\"\n"
        + "  publish_group = \"web-tls\"\n"
        + "}\n");
    resetStats(address);

    Path agentLog = dir.resolve("agent.log");
    agent = vaultlet(agentLog, "agent", "-config", config.toString());
    await("the certificate and key", agent, agentLog, () -> Files.exists(crt) && Files.exists(key));

    X509Certificate leaf = Pem.parseCertificates(read(crt), "crt").get(0);
    PrivateKey priv = Pem.parsePrivateKey(read(key), "key");
    assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=web.svc.test");
    assertThat(KeySpec.of(leaf.getPublicKey())).isEqualTo(new KeySpec("ec", 384)); // the role's, read by the agent
    assertThat(signsFor(priv, leaf)).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");

    Map<String, Object> stats = stats(address);
    assertThat(requests(stats, "POST pki/sign/web")).isEqualTo(1);
    assertThat(stats.get("private_key_bodies")).isEqualTo(0);
    assertThat(read(devLog)).doesNotContain("holds a PEM private key");
    String keyLine = read(key).lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
    assertThat(read(agentLog)).contains("kind=certificate").contains("message=\"new ec 384 key\"")
        .doesNotContain(keyLine).doesNotContain(token);

    // restart (with -exit-after-auth: it exits after its first complete render): the certificate and key on disk
    // are still good, so nothing is signed again
    agent.destroy();
    assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String before = read(crt) + read(key);
    Path secondLog = dir.resolve("agent2.log");
    agent = vaultlet(secondLog, "agent", "-config", config.toString(), "-exit-after-auth");
    assertThat(agent.waitFor(60, TimeUnit.SECONDS)).as(read(secondLog)).isTrue();
    assertThat(agent.exitValue()).as(read(secondLog)).isZero();
    assertThat(requests(stats(address), "POST pki/sign/web")).as(read(secondLog)).isEqualTo(1);
    assertThat(read(crt) + read(key)).isEqualTo(before);
    assertThat(read(secondLog)).doesNotContain("kind=certificate");
  }

  private static void resetStats(String address) throws Exception {
    java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(address + "/_dev/stats")).DELETE().build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(204);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> stats(String address) throws Exception {
    java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(address + "/_dev/stats")).GET().build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    return new com.fasterxml.jackson.databind.ObjectMapper().readValue(r.body(), Map.class);
  }

  private static int requests(Map<String, Object> stats, String request) {
    Object reqs = stats.get("requests");
    return reqs instanceof Map<?, ?> m && m.get(request) instanceof Number n ? n.intValue() : 0;
  }

  private static boolean signsFor(PrivateKey key, X509Certificate cert) throws Exception {
    byte[] msg = "proof".getBytes(StandardCharsets.US_ASCII);
    Signature s = Signature.getInstance("SHA384withECDSA");
    s.initSign(key);
    s.update(msg);
    byte[] sig = s.sign();
    Signature v = Signature.getInstance("SHA384withECDSA");
    v.initVerify(cert.getPublicKey());
    v.update(msg);
    return v.verify(sig);
  }
}
