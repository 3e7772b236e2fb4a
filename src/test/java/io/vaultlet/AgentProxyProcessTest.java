package io.vaultlet;

import static io.vaultlet.AgentProcesses.await;
import static io.vaultlet.AgentProcesses.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.testing.ForwardProxy;
import io.vaultlet.testing.VaultHttp;
import io.vaultlet.vault.TestPki;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vaultlet agent} as a real process behind a corporate proxy named by {@code HTTPS_PROXY} with credentials, as
 * Vault Agent runs there: the template's secret is read through the proxy ({@code CONNECT} with
 * {@code Proxy-Authorization: Basic}, TLS end to end to Vault), the API proxy's forwarder answers the proxy's
 * challenge with the same credentials, and the password appears nowhere in the agent's output. Vault is addressed by
 * this machine's non-loopback address: loopback never goes through a proxy.
 */
class AgentProxyProcessTest {

  private static final String PASSWORD = "corp-Pr0xy-pw-5521";
  private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(("svc-vault:" + PASSWORD)
      .getBytes(StandardCharsets.UTF_8));

  @TempDir Path dir;

  @Test
  void theAgentRendersAndForwardsThroughHttpsProxyWithCredentials() throws Exception {
    Optional<InetAddress> own = ForwardProxy.nonLoopbackAddress();
    Assumptions.assumeTrue(own.isPresent(), "SKIPPED: this machine has no non-loopback address; Vault on loopback "
        + "is never reached through a proxy (Go's rule), so the proxy could not be shown in use");
    String ip = own.get().getHostAddress();
    String host = ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip;
    TestPki pki = TestPki.create("vaultlet agent proxy CA");
    Path ca = TestPki.writeCerts(dir.resolve("ca.pem"), pki.ca.cert());
    try (DevServer vault = DevServer.start(DevOptions.builder().listenAddress(host + ":0").noPostgres(true)
            .tls(TestPki.keyStore(pki.server("vault", ip)), "changeit".toCharArray()).build());
        ForwardProxy proxy = ForwardProxy.start().requireAuthorization(BASIC)) {
      assertThat(vault.address()).startsWith("https://" + host + ":");
      VaultHttp root = VaultHttp.tls(vault.address(), vault.rootToken(), trusting(pki));
      root.write("secret/data/app", Map.of("data", Map.of("password", "rendered-through-the-proxy")));
      Files.writeString(dir.resolve("token"), vault.rootToken());
      int listen;
      try (ServerSocket s = new ServerSocket(0)) {
        listen = s.getLocalPort();
      }
      Path out = dir.resolve("app.txt");
      Path config = dir.resolve("agent.hcl");
      Files.writeString(config, ""
          + "vault {\n  address = \"" + vault.address() + "\"\n  ca_cert = \"" + ca + "\"\n}\n"
          + "auto_auth {\n  method \"token_file\" {\n    config = { token_file_path = \"" + dir.resolve("token")
          + "\" }\n  }\n}\n"
          + "api_proxy { use_auto_auth_token = true }\n"
          + "listener \"tcp\" {\n  address = \"127.0.0.1:" + listen + "\"\n  tls_disable = true\n}\n"
          + "template {\n  contents = \"{{ with secret \\\"secret/data/app\\\" }}{{ .Data.data.password }}{{ end }}\"\n"
          + "  destination = \"" + out + "\"\n}\n");
      Path log = dir.resolve("agent.log");
      ProcessBuilder pb = AgentProcesses.main(log, "agent", "-config", config.toString());
      pb.environment().keySet().removeIf(k -> k.toLowerCase(java.util.Locale.ROOT).endsWith("_proxy")
          || k.startsWith("VAULT_"));
      pb.environment().put("HTTPS_PROXY", proxy.url().replace("http://", "http://svc-vault:" + PASSWORD + "@"));
      pb.environment().put("NO_PROXY", "example.org");
      Process p = pb.start();
      try {
        await("the template rendered through the proxy", p, log, () -> read(out).equals("rendered-through-the-proxy"));
        int tunnels = proxy.requests();
        assertThat(tunnels).isPositive();
        assertThat(proxy.seen()).allSatisfy(s -> assertThat(s.requestLine())
            .isEqualTo("CONNECT " + host + ":" + vault.port() + " HTTP/1.1"));
        assertThat(proxy.seen()).extracting(ForwardProxy.Seen::authorization).containsOnly(BASIC);

        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + listen + "/v1/secret/data/app")).timeout(Duration.ofSeconds(30))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(read(log)).isEqualTo(200);
        assertThat(r.body()).contains("rendered-through-the-proxy");
        assertThat(proxy.requests()).as("the forwarder's tunnel went through the proxy too").isGreaterThan(tunnels);
        assertThat(proxy.seen().get(proxy.seen().size() - 1).authorization()).isEqualTo(BASIC);
      } finally {
        p.destroy();
        p.waitFor();
      }
      assertThat(read(log)).contains("requests to Vault take the proxy the environment names")
          .contains("HTTPS_PROXY").doesNotContain(PASSWORD).doesNotContain(BASIC.substring(6));
    }
  }

  @Test
  void anHttpsProxyUrlIsAStartUpErrorNamingTheVariableNotThePassword() throws Exception {
    Files.writeString(dir.resolve("token"), "hvs.unused-token-value");
    Path config = dir.resolve("agent.hcl");
    Files.writeString(config, ""
        + "vault { address = \"https://vault.example.internal:8200\" }\n"
        + "auto_auth {\n  method \"token_file\" {\n    config = { token_file_path = \"" + dir.resolve("token")
        + "\" }\n  }\n}\n"
        + "template {\n  contents = \"x\"\n  destination = \"" + dir.resolve("out.txt") + "\"\n}\n");
    Path log = dir.resolve("agent.log");
    ProcessBuilder pb = AgentProcesses.main(log, "agent", "-config", config.toString());
    pb.environment().keySet().removeIf(k -> k.toLowerCase(java.util.Locale.ROOT).endsWith("_proxy")
        || k.startsWith("VAULT_"));
    pb.environment().put("https_proxy", "https://svc-vault:" + PASSWORD + "@proxy.example.internal:3128");
    Process p = pb.start();
    assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as(read(log)).isTrue();

    assertThat(p.exitValue()).as(read(log)).isEqualTo(1);
    assertThat(read(log)).contains("https_proxy names an https:// proxy").doesNotContain(PASSWORD)
        .doesNotContain("proxy.example.internal");
    assertThat(dir.resolve("out.txt")).doesNotExist();
  }

  private static SSLContext trusting(TestPki pki) throws Exception {
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(pki.trustStore());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }
}
