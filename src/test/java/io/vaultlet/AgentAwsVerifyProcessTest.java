package io.vaultlet;

import static io.vaultlet.AgentProcesses.await;
import static io.vaultlet.AgentProcesses.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.aws.AwsClients;
import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.testing.VaultHttp;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@code vaultlet agent} as a process with {@code verify { aws { … } }} on a template that reads a new IAM user's key
 * pair from the emulator's aws secrets engine, against the emulator's STS stand-in, which refuses a new key while it
 * "propagates" ({@code InvalidClientTokenId}), as AWS does: the file is published only once STS accepts the key — the
 * application never holds a key that does not work yet — and a key STS never accepts is never published.
 */
class AgentAwsVerifyProcessTest {

  private static final Pattern KEYS = Pattern.compile("AWS_ACCESS_KEY_ID=(\\S+)\nAWS_SECRET_ACCESS_KEY=(\\S+)");

  @TempDir Path dir;

  @Test
  void aNewIamKeyIsPublishedOnlyOnceStsAcceptsIt() throws Exception {
    try (DevServer dev = start(Duration.ofSeconds(4))) {
      Path out = dir.resolve("aws.env");
      Path log = dir.resolve("agent.log");
      Process p = AgentProcesses.agent(config(dev, out, "30s"), log);
      try {
        await("the verified key is published", p, log, () -> Files.exists(out));
        // at once, before anything else: a file published without waiting would still be refused here for ~4 s
        Matcher keys = KEYS.matcher(read(out));
        assertThat(keys.find()).as(read(out)).isTrue();
        assertThat(callerArn(dev, keys.group(1), keys.group(2))).as("STS accepts the published key")
            .contains(":user/");
        assertThat(read(log)).contains("step=verify result=succeeded").contains("verified_by=aws")
            .doesNotContain(keys.group(2));
      } finally {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void aKeyStsNeverAcceptsIsNeverPublishedAndTheRefusalIsLogged() throws Exception {
    try (DevServer dev = start(Duration.ofHours(1))) {
      Path out = dir.resolve("aws.env");
      Path log = dir.resolve("agent.log");
      Process p = AgentProcesses.agent(config(dev, out, "2s"), log);
      try {
        await("the verification fails and the agent says so", p, log,
            () -> read(log).contains("the destination stays unwritten until one does"));
        assertThat(read(log)).contains("STS GetCallerIdentity refused access key")
            .contains("InvalidClientTokenId").contains("step=verify result=failed")
            .contains("no credential has passed verification yet");
        assertThat(out).doesNotExist();
        assertThat(p.isAlive()).as("the agent keeps retrying, it does not give up").isTrue();
      } finally {
        p.destroyForcibly();
      }
    }
  }

  private static DevServer start(Duration propagation) throws Exception {
    DevServer dev = DevServer.start(DevOptions.builder().awsPropagationDelay(propagation).noPostgres(true).build());
    VaultHttp http = new VaultHttp(dev.address(), dev.rootToken());
    http.write("sys/mounts/aws", Map.of("type", "aws"));
    http.write("aws/roles/app", Map.of("credential_type", "iam_user"));
    return dev;
  }

  private Path config(DevServer dev, Path out, String timeout) throws Exception {
    Files.writeString(dir.resolve("token"), dev.rootToken());
    String creds = "{{ with secret \\\"aws/creds/app\\\" }}";
    Path config = dir.resolve("agent.hcl");
    Files.writeString(config, ""
        + "vault { address = \"" + dev.address() + "\" }\n"
        + "auto_auth {\n  method \"token_file\" {\n"
        + "    config = { token_file_path = \"" + dir.resolve("token") + "\" }\n  }\n}\n"
        + "template {\n"
        + "  contents    = \"" + creds + "AWS_ACCESS_KEY_ID={{ .Data.access_key }}\\n"
        + "AWS_SECRET_ACCESS_KEY={{ .Data.secret_key }}{{ end }}\"\n"
        + "  destination = \"" + out + "\"\n"
        + "  verify {\n"
        + "    aws {\n"
        + "      access_key_id     = \"" + creds + "{{ .Data.access_key }}{{ end }}\"\n"
        + "      secret_access_key = \"" + creds + "{{ .Data.secret_key }}{{ end }}\"\n"
        + "      sts_endpoint      = \"" + dev.stsEndpoint() + "\"\n"
        + "    }\n"
        + "    timeout = \"" + timeout + "\"\n"
        + "  }\n"
        + "}\n");
    return config;
  }

  private static String callerArn(DevServer dev, String id, String secret) {
    try (StsClient sts = AwsClients.sts(StaticCredentialsProvider.create(AwsBasicCredentials.create(id, secret)),
        "us-east-1", Optional.of(URI.create(dev.stsEndpoint())))) {
      return sts.getCallerIdentity().arn();
    }
  }
}
