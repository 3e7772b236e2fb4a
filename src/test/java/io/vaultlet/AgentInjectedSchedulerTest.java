package io.vaultlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.config.ConfigLoader;
import io.vaultlet.config.LoadedConfig;
import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.dev.iam.IamStandIn;
import io.vaultlet.support.ManualScheduler;
import io.vaultlet.testing.VaultHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/architecture.md: "A whole {@code Agent} can run on one injected scheduler" — the {@code aws_access_key}
 * rotators too (review top finding 7): with a manual scheduler they start no thread of their own, and they rotate
 * only as the test moves time.
 */
class AgentInjectedSchedulerTest {

  @TempDir Path dir;

  @Test
  void accessKeyRotatorsRunOnTheInjectedScheduler() throws Exception {
    try (DevServer dev = DevServer.start(DevOptions.builder().awsPropagationDelay(Duration.ZERO).noPostgres(true)
        .build())) {
      IamStandIn.AccessKey old = dev.iam().seedUser("app", "/", false, true, Duration.ofDays(40)).orElseThrow();
      new VaultHttp(dev.address(), dev.rootToken()).write("secret/data/aws/app", Map.of("data",
          Map.of("access_key", old.accessKeyId(), "secret_key", old.secretAccessKey())));
      Path tokenFile = dir.resolve("token");
      Files.writeString(tokenFile, dev.rootToken());
      Path hcl = dir.resolve("agent.hcl");
      Files.writeString(hcl, "vault { address = \"" + dev.address() + "\" }\n"
          + "auto_auth {\n  method \"token_file\" {\n    config = { token_file_path = \"" + tokenFile + "\" }\n"
          + "  }\n}\n"
          + "aws_access_key \"app\" {\n  path = \"secret/aws/app\"\n  iam_endpoint = \"" + dev.iamEndpoint()
          + "\"\n  sts_endpoint = \"" + dev.stsEndpoint() + "\"\n}\n");
      LoadedConfig loaded = ConfigLoader.load(List.of(hcl), Map.of());
      ManualScheduler manual = new ManualScheduler(Instant.now());
      try (Agent agent = new Agent(loaded, () -> loaded, null, manual)) {
        agent.start();
        assertThat(agent.accessKeyStatus()).singleElement()
            .satisfies(s -> assertThat(s.phase()).as("nothing ran before time moved").isNotEqualTo("published"));
        for (int i = 0; i < 2000 && agent.accessKeyStatus().stream().noneMatch(s -> s.phase().equals("published"));
            i++) {
          manual.advance(Duration.ofMillis(250));
        }
        assertThat(agent.accessKeyStatus()).singleElement().satisfies(s -> {
          assertThat(s.phase()).isEqualTo("published");
          assertThat(s.accessKeyId()).isNotEqualTo(old.accessKeyId());
        });
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
            .noneMatch(n -> n.startsWith("vaultlet-rotation"));
      }
    }
  }
}
