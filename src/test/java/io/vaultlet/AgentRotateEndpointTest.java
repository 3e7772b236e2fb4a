package io.vaultlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.config.ConfigLoader;
import io.vaultlet.config.LoadedConfig;
import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.dev.iam.IamStandIn;
import io.vaultlet.testing.VaultHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /agent/v1/rotate} on a listener with {@code agent_api { enable_rotate = true }}: a template's secrets
 * fetched again now, and an {@code aws_access_key} block rotated now whatever its key's age.
 */
class AgentRotateEndpointTest {

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void rotatesATemplateAndAnAccessKeyOnRequest() throws Exception {
    try (DevServer dev = DevServer.start(DevOptions.builder().awsPropagationDelay(Duration.ZERO).noPostgres(true)
        .build())) {
      VaultHttp vault = new VaultHttp(dev.address(), dev.rootToken());
      vault.write("secret/data/app", Map.of("data", Map.of("v", "one-7f3a")));
      IamStandIn.AccessKey young = dev.iam().seedUser("app", "/", false, true, Duration.ofDays(1)).orElseThrow();
      vault.write("secret/data/aws/app", Map.of("data",
          Map.of("access_key", young.accessKeyId(), "secret_key", young.secretAccessKey())));
      Path out = dir.resolve("app.txt");
      LoadedConfig config = load(dev, out);
      try (Agent agent = new Agent(config, () -> config, null)) {
        agent.start();
        await(() -> read(out).equals("one-7f3a"));
        String base = agent.listenerUrls().get(0);

        assertThat(post(base, "{\"template\":\"" + out + "\"}", false).statusCode()).as("X-Vault-Request")
            .isEqualTo(412);
        assertThat(post(base, "{\"template\":\"" + out + "\",\"aws_access_key\":\"app\"}", true).statusCode())
            .isEqualTo(400);
        assertThat(post(base, "{\"aws_access_key\":\"nope\"}", true).statusCode()).isEqualTo(404);

        // the KV secret changed; without the request the template would see it only after 5 minutes
        vault.write("secret/data/app", Map.of("data", Map.of("v", "two-7f3a")));
        HttpResponse<String> t = post(base, "{\"template\":\"" + out + "\"}", true);
        assertThat(t.statusCode()).as(t.body()).isEqualTo(202);
        assertThat(t.body()).isEqualTo("{\"rotating\":[\"vault.read(secret/app)\"]}");
        await(() -> read(out).equals("two-7f3a"));

        // a one-day-old key is not due (rotate_every 720h): the request rotates it now
        HttpResponse<String> k = post(base, "{\"aws_access_key\":\"app\"}", true);
        assertThat(k.statusCode()).as(k.body()).isEqualTo(202);
        assertThat(k.body()).isEqualTo("{\"rotating\":[\"aws_access_key.app\"]}");
        await(() -> agent.rotationJournal().recent().stream()
            .anyMatch(e -> e.kind().equals("aws_access_key") && e.step().equals("publish")));
        assertThat(dev.iam().keysOfUser("app")).extracting(IamStandIn.KeyMetadata::accessKeyId)
            .contains(young.accessKeyId()).hasSize(2);
      }
    }
  }

  private LoadedConfig load(DevServer dev, Path out) throws Exception {
    Path tokenFile = Files.writeString(dir.resolve("token"), dev.rootToken());
    Path hcl = dir.resolve("agent.hcl");
    Files.writeString(hcl, "vault { address = \"" + dev.address() + "\" }\n"
        + "auto_auth {\n  method \"token_file\" {\n    config = { token_file_path = \"" + tokenFile + "\" }\n  }\n}\n"
        + "listener \"tcp\" {\n  address = \"127.0.0.1:0\"\n  tls_disable = true\n"
        + "  agent_api {\n    enable_rotate = true\n  }\n}\n"
        + "template {\n  contents = \"{{ with secret \\\"secret/app\\\" }}{{ .Data.data.v }}{{ end }}\"\n"
        + "  destination = \"" + out + "\"\n}\n"
        + "aws_access_key \"app\" {\n  path = \"secret/aws/app\"\n  iam_endpoint = \"" + dev.iamEndpoint()
        + "\"\n  sts_endpoint = \"" + dev.stsEndpoint() + "\"\n}\n");
    return ConfigLoader.load(List.of(hcl), Map.of());
  }

  private HttpResponse<String> post(String base, String body, boolean vaultRequest) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/agent/v1/rotate"))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (vaultRequest) {
      b.header("X-Vault-Request", "true");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("in time").isBefore(deadline);
      Thread.sleep(50);
    }
  }
}
