package io.vaultlet.dev.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vaultlet.aws.AwsClients;
import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.testing.VaultHttp;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

/** The aws secrets engine's credentials are keys of the IAM stand-in: STS knows them, as AWS knows Vault's. */
class IamSharedKeysTest {

  private DevServer dev;
  private VaultHttp http;

  @BeforeEach
  void start() throws Exception {
    dev = DevServer.start(DevOptions.builder().clockStart(Instant.now().truncatedTo(ChronoUnit.SECONDS))
        .clockSpeed(0).awsPropagationDelay(Duration.ofSeconds(3)).build());
    http = new VaultHttp(dev.address(), dev.rootToken());
    http.write("sys/mounts/aws", Map.of("type", "aws"));
    http.write("aws/config/lease", Map.of("lease", "30m", "lease_max", "2h"));
    http.write("aws/roles/deploy", Map.of("credential_type", "iam_user"));
    http.write("aws/roles/assume", Map.of("credential_type", "assumed_role",
        "role_arns", "arn:aws:iam::123456789012:role/DeveloperRole"));
  }

  @AfterEach
  void stop() {
    dev.close();
  }

  private String callerArn(AwsCredentials creds) {
    try (StsClient sts = AwsClients.sts(StaticCredentialsProvider.create(creds), "us-east-1",
        Optional.of(URI.create(dev.stsEndpoint())))) {
      return sts.getCallerIdentity().arn();
    }
  }

  @Test
  void iamUserCredentialsPropagateThenWorkAndRevocationDeletesTheUser() {
    VaultHttp.Response r = http.get("aws/creds/deploy");
    AwsCredentials creds = AwsBasicCredentials.create(r.string("access_key"), r.string("secret_key"));

    assertThatThrownBy(() -> callerArn(creds)).isInstanceOfSatisfying(StsException.class, e ->
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId"));
    dev.advanceClock(Duration.ofSeconds(3));
    assertThat(callerArn(creds)).matches("arn:aws:iam::123456789012:user/vault-root-deploy-\\d+-\\w{20}");

    http.post("sys/leases/revoke", Map.of("lease_id", r.json().get("lease_id")));
    assertThatThrownBy(() -> callerArn(creds)).isInstanceOfSatisfying(StsException.class, e ->
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId"));
  }

  @Test
  void stsCredentialsWorkAtOnceWithTheirSessionTokenUntilTheyExpire() {
    VaultHttp.Response r = http.post("aws/sts/assume", Map.of("ttl", "15m"));
    AwsCredentials creds = AwsSessionCredentials.create(r.string("access_key"), r.string("secret_key"),
        r.string("security_token"));

    assertThat(callerArn(creds)).isEqualTo(r.string("arn"));
    assertThatThrownBy(() -> callerArn(AwsBasicCredentials.create(r.string("access_key"), r.string("secret_key"))))
        .as("without the session token").isInstanceOf(StsException.class);
    dev.advanceClock(Duration.ofMinutes(15));
    assertThatThrownBy(() -> callerArn(creds)).isInstanceOfSatisfying(StsException.class, e ->
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken"));
  }
}
