package io.vaultlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.config.ConfigLoader;
import io.vaultlet.config.LoadedConfig;
import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.dev.iam.IamStandIn;
import io.vaultlet.events.RotationEvent;
import io.vaultlet.rotation.awskey.AccessKeyStatus;
import io.vaultlet.testing.VaultHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent owns the rotators and the one journal: status, events next to the templates', SIGHUP. */
class AgentAccessKeysTest {

  @TempDir Path dir;

  private LoadedConfig load(DevServer dev, String blocks) throws Exception {
    Path tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, dev.rootToken());
    Path hcl = dir.resolve("agent.hcl");
    Files.writeString(hcl, "vault { address = \"" + dev.address() + "\" }\n"
        + "auto_auth {\n  method \"token_file\" {\n    config = { token_file_path = \"" + tokenFile + "\" }\n  }\n}\n"
        + "template {\n  contents = \"{{ with secret \\\"secret/aws/app\\\" }}{{ .Data.data.access_key }}{{ end }}\"\n"
        + "  destination = \"" + dir.resolve("key.txt") + "\"\n}\n" + blocks);
    return ConfigLoader.load(List.of(hcl), Map.of());
  }

  private static String block(DevServer dev, String name, String extra) {
    return "aws_access_key \"" + name + "\" {\n  path = \"secret/aws/app\"\n  iam_endpoint = \"" + dev.iamEndpoint()
        + "\"\n  sts_endpoint = \"" + dev.stsEndpoint() + "\"\n" + extra + "}\n";
  }

  @Test
  void theAgentRotatesReportsAndAppliesSighup() throws Exception {
    try (DevServer dev = DevServer.start(DevOptions.builder().awsPropagationDelay(Duration.ZERO).noPostgres(true)
        .build())) {
      IamStandIn.AccessKey old = dev.iam().seedUser("app", "/", false, true, Duration.ofDays(40)).orElseThrow();
      new VaultHttp(dev.address(), dev.rootToken()).write("secret/data/aws/app", Map.of("data",
          Map.of("access_key", old.accessKeyId(), "secret_key", old.secretAccessKey())));
      AtomicReference<LoadedConfig> next = new AtomicReference<>(load(dev, block(dev, "app", "")));
      try (Agent agent = new Agent(next.get(), next::get, null)) {
        agent.start();
        await(() -> agent.templateStatus().map(s -> s.rotations().stream()
            .anyMatch(e -> e.step().equals("publish"))).orElse(false));
        // the status follows the event once the step's bookkeeping is done
        await(() -> agent.accessKeyStatus().stream().anyMatch(s -> s.phase().equals("published")));

        assertThat(agent.templateStatus().orElseThrow().rotations())
            .filteredOn(e -> e.kind().equals("aws_access_key"))
            .extracting(RotationEvent::step).containsSubsequence("create", "propagate", "publish");
        assertThat(agent.accessKeyStatus()).singleElement().satisfies(s -> {
          assertThat(s.name()).isEqualTo("app");
          assertThat(s.phase()).isEqualTo("published");
          assertThat(s.accessKeyId()).isNotEqualTo(old.accessKeyId());
        });
        assertThat(agent.templateStatus().orElseThrow().toJson()).contains("\"kind\" : \"aws_access_key\"",
            "\"step\" : \"publish\"", "\"old\" : \"" + old.accessKeyId() + "\"").doesNotContain(old.secretAccessKey());

        next.set(load(dev, block(dev, "renamed", "  delete_after = \"1h\"\n")));
        agent.reload();
        assertThat(agent.accessKeyStatus()).extracting(AccessKeyStatus::name).containsExactly("renamed");
        assertThat(agent.rotateAccessKeyNow("renamed")).isTrue();
        assertThat(agent.rotateAccessKeyNow("app")).isFalse();
      }
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
