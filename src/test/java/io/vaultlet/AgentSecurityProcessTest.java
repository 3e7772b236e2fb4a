package io.vaultlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.testing.AgentProcess;
import io.vaultlet.testing.VaultHttp;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #14 end to end, {@code vaultlet agent} as a process against the emulator: the token does not follow a
 * redirect to another server unless {@code vault.redirect_addresses} names it; a private key a template fails on is
 * in no log line at {@code trace} in JSON; a KV v2 pre-flight failing at start-up is retried and the file gets the
 * real value.
 */
class AgentSecurityProcessTest {

  @TempDir Path dir;

  private DevServer vault;
  private HttpServer redirector;
  private AgentProcess agent;

  @BeforeEach
  void start() throws Exception {
    vault = DevServer.start(DevOptions.builder().noPostgres(true).build());
    Files.writeString(dir.resolve("token"), vault.rootToken());
    http().write("secret/data/app", Map.of("data", Map.of("v", "kv-value")));
  }

  @AfterEach
  void stop() {
    if (agent != null) {
      agent.close();
    }
    if (redirector != null) {
      redirector.stop(0);
    }
    vault.close();
  }

  private VaultHttp http() {
    return new VaultHttp(vault.address(), vault.rootToken());
  }

  private String config(String vaultBlock, String template) {
    return vaultBlock + "auto_auth {\n  method \"token_file\" {\n"
        + "    config = { token_file_path = \"" + dir.resolve("token") + "\" }\n  }\n}\n" + template;
  }

  private String template(String contents, String out) {
    return "template {\n  contents = \"" + contents + "\"\n  destination = \"" + dir.resolve(out) + "\"\n}\n";
  }

  private static final String KV = "{{ with secret \\\"secret/app\\\" }}{{ .Data.data.v }}{{ end }}";

  private AgentProcess run(String hcl, String... flags) throws Exception {
    Path config = dir.resolve("agent-" + System.nanoTime() + ".hcl");
    Files.writeString(config, hcl);
    agent = AgentProcess.start(config, dir.resolve("agent-" + System.nanoTime() + ".log"), flags);
    return agent;
  }

  private int emulatorRequests() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(vault.address() + "/_dev/stats")).GET().build(), HttpResponse.BodyHandlers.ofString());
    String total = r.body().replaceAll("(?s).*\"total\"\\s*:\\s*(\\d+).*", "$1");
    return Integer.parseInt(total);
  }

  private void resetEmulatorStats() throws Exception {
    HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(vault.address() + "/_dev/stats")).DELETE()
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theTokenFollowsARedirectOnlyToAnAddressTheConfigurationNames() throws Exception {
    AtomicInteger redirected = new AtomicInteger();
    redirector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    redirector.createContext("/", ex -> {
      redirected.incrementAndGet();
      ex.getResponseHeaders().add("Location", vault.address() + ex.getRequestURI());
      ex.sendResponseHeaders(307, -1);
      ex.close();
    });
    redirector.start();
    String front = "http://127.0.0.1:" + redirector.getAddress().getPort();
    resetEmulatorStats();

    AgentProcess refused = run(config("vault { address = \"" + front + "\" }\n", template(KV, "a.txt")));
    refused.await("the refusal", Duration.ofSeconds(60),
        () -> refused.log().contains("refusing to follow a redirect to"));
    assertThat(refused.log()).contains("refusing a redirect to another server")
        .contains("refusing to follow a redirect to " + vault.address())
        .contains("vault.redirect_addresses").doesNotContain(vault.rootToken());
    assertThat(redirected.get()).isPositive();
    assertThat(emulatorRequests()).as("the token never reached the other server").isZero();
    assertThat(dir.resolve("a.txt")).doesNotExist();
    refused.close();

    AgentProcess allowed = run(config("vault {\n  address = \"" + front + "\"\n  redirect_addresses = [\""
        + vault.address() + "\"]\n}\n", template(KV, "b.txt")));
    allowed.await("the file, through the named address", Duration.ofSeconds(60),
        () -> Files.exists(dir.resolve("b.txt")));
    assertThat(dir.resolve("b.txt")).hasContent("kv-value");
    assertThat(allowed.stop()).isZero();
  }

  @Test
  void aPrivateKeyATemplateFailsOnIsInNoLogLineAtTraceInJson() throws Exception {
    VaultHttp http = http();
    http.write("sys/mounts/pki", Map.of("type", "pki", "config", Map.of("max_lease_ttl", "87600h")));
    http.write("pki/root/generate/internal", Map.of("common_name", "Dev Root", "ttl", "8760h", "key_type", "ec"));
    http.write("pki/roles/svc", Map.of("allowed_domains", "svc.test", "allow_subdomains", true, "max_ttl", "1h"));
    AgentProcess p = run(config("vault { address = \"" + vault.address() + "\" }\n",
        template("{{ with pkiCert \\\"pki/issue/svc\\\" \\\"common_name=a.svc.test\\\" }}{{ .Key | parseFloat }}"
            + "{{ end }}", "key.txt")), "-log-level=trace", "-log-format=json");
    p.await("the render error", Duration.ofSeconds(60), () -> p.log().contains("template failed to render"));
    assertThat(p.log()).contains("strconv.ParseFloat: parsing \\\"[redacted]\\\": invalid syntax")
        .doesNotContain("PRIVATE KEY").doesNotContain("BEGIN");
    assertThat(p.stop()).isZero();
  }

  @Test
  void aKvV2PreflightFailingAtStartIsRetriedAndTheFileGetsTheRealValue() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(vault.address() + "/_dev/faults")).POST(HttpRequest.BodyPublishers.ofString(
            "{\"kind\":\"status\",\"status\":503,\"path_prefix\":\"sys/internal/ui/mounts\",\"count\":4}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isLessThan(300);

    AgentProcess p = run(config("vault { address = \"" + vault.address() + "\" }\n", template(KV, "kv.txt")));
    p.await("the file", Duration.ofSeconds(60), () -> Files.exists(dir.resolve("kv.txt")));
    assertThat(dir.resolve("kv.txt")).as("never a made-up empty KV v1 read").hasContent("kv-value");
    assertThat(p.log()).contains("fetching a dependency failed; will retry");
    assertThat(List.of(p.stop())).containsExactly(0);
  }
}
