package io.vaultlet;

import static io.vaultlet.AgentProcesses.await;
import static io.vaultlet.AgentProcesses.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.dev.iam.IamStandIn;
import io.vaultlet.testing.VaultHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vaultlet agent} as a process with an {@code aws_access_key} block and a template reading the same KV path,
 * against the emulator's KV, IAM and STS (SDK endpoint overrides to the emulator, a real propagation delay): the key
 * is overdue at start-up, so the agent rotates it, the template re-renders with the new key and runs its command, and
 * the old key ends inactive, then deleted.
 */
class AwsAccessKeyProcessTest {

  @TempDir Path dir;

  @Test
  void theAgentRotatesTheKeyTheTemplateFollowsAndTheOldKeyIsDeactivatedThenDeleted() throws Exception {
    try (DevServer dev = DevServer.start(DevOptions.builder().awsPropagationDelay(Duration.ofSeconds(2))
        .noPostgres(true).build())) {
      IamStandIn.AccessKey old = dev.iam().seedUser("app", "/", false, true, Duration.ofHours(800)).orElseThrow();
      VaultHttp vault = new VaultHttp(dev.address(), dev.rootToken());
      vault.write("secret/data/aws/app", Map.of("data", Map.of("access_key", old.accessKeyId(),
          "secret_key", old.secretAccessKey())));
      Files.writeString(dir.resolve("token"), dev.rootToken());
      Path out = dir.resolve("aws.env");
      Path reloads = dir.resolve("reloads.txt");
      Path config = dir.resolve("agent.hcl");
      Files.writeString(config, ""
          + "vault { address = \"" + dev.address() + "\" }\n"
          + "auto_auth {\n  method \"token_file\" {\n"
          + "    config = { token_file_path = \"" + dir.resolve("token") + "\" }\n  }\n}\n"
          + "template_config { static_secret_render_interval = \"1s\" }\n"
          + "template {\n"
          + "  contents    = \"{{ with secret \\\"secret/aws/app\\\" }}AWS_ACCESS_KEY_ID={{ .Data.data.access_key }}\\n"
          + "AWS_SECRET_ACCESS_KEY={{ .Data.data.secret_key }}{{ end }}\"\n"
          + "  destination = \"" + out + "\"\n"
          + "  command     = \"echo reloaded >> " + reloads + "\"\n"
          + "}\n"
          + "aws_access_key \"app\" {\n"
          + "  path             = \"secret/aws/app\"\n"
          + "  iam_endpoint     = \"" + dev.iamEndpoint() + "\"\n"
          + "  sts_endpoint     = \"" + dev.stsEndpoint() + "\"\n"
          + "  deactivate_after = \"2s\"\n"
          + "  delete_after     = \"3s\"\n"
          + "}\n");
      Path log = dir.resolve("agent.log");
      Process p = AgentProcesses.agent(config, log);
      try {
        List<String> oldKeyStates = new ArrayList<>();
        await("the template renders the new key", p, log, () -> {
          record(dev, old.accessKeyId(), oldKeyStates);
          return read(out).startsWith("AWS_ACCESS_KEY_ID=AKIA") && !read(out).contains(old.accessKeyId());
        });
        String fresh = (String) ((Map<?, ?>) vault.get("secret/data/aws/app").data().get("data")).get("access_key");
        assertThat(read(out)).contains("AWS_ACCESS_KEY_ID=" + fresh);
        await("the reload command ran for the re-render", p, log, () -> read(reloads).lines().count() >= 2);

        await("the old key is deleted", p, log, () -> {
          record(dev, old.accessKeyId(), oldKeyStates);
          return oldKeyStates.contains("deleted");
        });
        assertThat(oldKeyStates).as("active, then inactive, then deleted").containsSubsequence("Active", "Inactive",
            "deleted");
        assertThat(dev.iam().keysOfUser("app")).extracting(IamStandIn.KeyMetadata::accessKeyId).containsExactly(fresh);
        // the event is logged once IAM's answer is back: the emulator may see the delete a moment before
        await("the delete is logged", p, log, () -> read(log).contains("step=delete result=succeeded"));

        String agentLog = read(log);
        assertThat(agentLog).contains("kind=aws_access_key target=app step=create result=succeeded",
            "step=propagate result=succeeded", "verified_by=sts", "step=publish result=succeeded",
            "step=deactivate result=succeeded", "step=delete result=succeeded old=" + old.accessKeyId())
            .doesNotContain(old.secretAccessKey()).doesNotContain(secretOf(read(out)));

        assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor()).isZero();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
      } finally {
        p.destroyForcibly();
      }
    }
  }

  private static void record(DevServer dev, String keyId, List<String> states) {
    String now = dev.iam().keysOfUser("app").stream().filter(k -> k.accessKeyId().equals(keyId))
        .map(IamStandIn.KeyMetadata::status).findFirst().orElse("deleted");
    if (states.isEmpty() || !states.get(states.size() - 1).equals(now)) {
      states.add(now);
    }
  }

  private static String secretOf(String env) {
    return env.lines().filter(l -> l.startsWith("AWS_SECRET_ACCESS_KEY=")).findFirst()
        .map(l -> l.substring("AWS_SECRET_ACCESS_KEY=".length())).filter(s -> !s.isEmpty())
        .orElse("no-secret-rendered-" + Instant.now());
  }
}
