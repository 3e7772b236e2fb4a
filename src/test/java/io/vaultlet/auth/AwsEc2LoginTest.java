package io.vaultlet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.dev.auth.TestEc2Identity;
import io.vaultlet.testing.VaultHttp;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * aws ec2 end to end against the emulator's {@code auth/aws/login}: the local IMDSv2 stand-in serves an identity
 * document and its signature made with the test's key, whose self-signed certificate is registered with the emulator
 * as the {@code identity} certificate. The emulator verifies the signature, the role's bindings and the nonce.
 */
class AwsEc2LoginTest {

  static final String INSTANCE = "i-0abc";
  static final TestEc2Identity AWS = new TestEc2Identity("test-aws-identity");

  @TempDir java.nio.file.Path dir;
  private Emulator emu;
  private AwsStandIns imds;
  private String savedEndpoint;

  @BeforeEach
  void start() throws Exception {
    emu = new Emulator();
    emu.root.write("sys/auth/aws", Map.of("type", "aws"));
    emu.root.write("auth/aws/config/certificate/test", Map.of("aws_public_cert", AWS.certificatePem(),
        "type", "identity"));
    emu.root.write("auth/aws/role/web", Map.of("auth_type", "ec2", "bound_account_id", "123456789012",
        "bound_region", "us-east-1", "token_policies", "web", "token_ttl", "30s", "token_max_ttl", "30s"));
    imds = new AwsStandIns();
    String document = TestEc2Identity.document(INSTANCE, "123456789012", "us-east-1", "ami-0abc",
        "2025-12-31T23:00:00Z");
    imds.documents.put("/latest/dynamic/instance-identity/document", document);
    imds.documents.put("/latest/dynamic/instance-identity/signature", AWS.signature(document));
    savedEndpoint = System.getProperty("aws.ec2MetadataServiceEndpoint");
    System.setProperty("aws.ec2MetadataServiceEndpoint", imds.endpoint());
  }

  @AfterEach
  void stop() {
    if (savedEndpoint == null) {
      System.clearProperty("aws.ec2MetadataServiceEndpoint");
    } else {
      System.setProperty("aws.ec2MetadataServiceEndpoint", savedEndpoint);
    }
    imds.close();
    emu.close();
  }

  @Test
  void ec2LoginIsAcceptedByTheEmulatorAndItsNonceIsReusedAcrossLogins() throws Exception {
    var config = Configs.autoAuth(dir, "method \"aws\" {\n config = {\n type = \"ec2\"\n role = \"web\"\n }\n}");
    try (Recorder rec = new Recorder(); TokenManager manager = TokenManager.fromConfig(config, emu.client,
        emu.scheduler)) {
      manager.addTokenListener(rec);
      manager.start();
      emu.advance(Duration.ZERO);
      assertThat(rec.changes).hasSize(1);
      String first = rec.changes.get(0).current().token();
      assertThat(emu.root.withToken(first).get("auth/token/lookup-self").data())
          .containsEntry("meta", Map.of("account_id", "123456789012", "ami_id", "ami-0abc", "auth_type", "ec2",
              "instance_id", INSTANCE, "region", "us-east-1", "role", "web", "role_tag_max_ttl", "0s"));

      // the 30s token cannot outlive its max TTL: the agent logs in again, and the emulator only accepts that
      // second login because the agent presents the same nonce as the first one
      emu.advance(Duration.ofSeconds(30));
      assertThat(emu.requestsTo("auth/aws/login")).isGreaterThanOrEqualTo(2);
      assertThat(rec.changes).hasSizeGreaterThanOrEqualTo(2);
      assertThat(rec.events(AuthEvent.Type.LOGIN_FAILURE)).isEmpty();
      assertThat(rec.log()).doesNotContain(first).doesNotContain(rec.tokens().get(1));
    }
    assertThat(emu.root.get("auth/aws/identity-accesslist/" + INSTANCE).data()).containsEntry("role", "web");
  }

  @Test
  void aConfiguredNonceIsTheInstancesNonceAndAnotherProcessWithAnotherNonceIsRefused() throws Exception {
    var config = Configs.autoAuth(dir, "method \"aws\" {\n config = {\n type = \"ec2\"\n role = \"web\"\n"
        + " nonce = \"configured-nonce-5b1f\"\n }\n}");
    try (Recorder rec = new Recorder(); TokenManager manager = TokenManager.fromConfig(config, emu.client,
        emu.scheduler)) {
      manager.addTokenListener(rec);
      manager.start();
      emu.advance(Duration.ZERO);
      assertThat(rec.changes).hasSize(1);
      assertThat(rec.log()).doesNotContain("configured-nonce-5b1f");
    }
    String document = imds.documents.get("/latest/dynamic/instance-identity/document");
    Map<String, Object> body = Map.of("role", "web", "identity", TestEc2Identity.base64(document),
        "signature", AWS.signature(document), "nonce", "a-restarted-agent-nonce");
    VaultHttp.Response refused = emu.root.withToken(null).post("auth/aws/login", body);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.errors()).containsExactly("client nonce mismatch");
  }
}
