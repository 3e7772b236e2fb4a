package io.vaultlet.dev.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vaultlet.aws.AwsClients;
import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.CreateAccessKeyResponse;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The IAM and STS stand-ins under {@code /_aws/}, driven by the AWS SDK for Java v2 (the production side's clients)
 * through its endpoint override: AWS's XML shapes and error codes, SigV4 recomputed, the two-key limit, propagation.
 */
class IamStandInHttpTest {

  private DevServer dev;
  private final Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  @BeforeEach
  void startEmulator() throws Exception {
    dev = DevServer.start(DevOptions.builder().clockStart(start).clockSpeed(0)
        .awsPropagationDelay(Duration.ofSeconds(4)).build());
  }

  @AfterEach
  void stop() {
    dev.close();
  }

  private IamStandIn.AccessKey seed(String user, boolean admin) {
    return dev.iam().seedUser(user, "/", admin, true, Duration.ofDays(40)).orElseThrow();
  }

  private IamClient iam(String id, String secret) {
    return AwsClients.iam(StaticCredentialsProvider.create(AwsBasicCredentials.create(id, secret)), "us-east-1",
        Optional.of(URI.create(dev.iamEndpoint())));
  }

  private StsClient sts(String id, String secret) {
    return AwsClients.sts(StaticCredentialsProvider.create(AwsBasicCredentials.create(id, secret)), "eu-west-1",
        Optional.of(URI.create(dev.stsEndpoint())));
  }

  @Test
  void createListUpdateDeleteAndLastUsedInAwsShapes() {
    IamStandIn.AccessKey first = seed("app", false);
    try (IamClient iam = iam(first.accessKeyId(), first.secretAccessKey())) {
      CreateAccessKeyResponse created = iam.createAccessKey(r -> r.userName("app"));
      assertThat(created.accessKey().accessKeyId()).matches("AKIA[A-Z2-7]{16}");
      assertThat(created.accessKey().secretAccessKey()).hasSize(40);
      assertThat(created.accessKey().status()).isEqualTo(StatusType.ACTIVE);
      assertThat(created.accessKey().createDate()).isEqualTo(start);

      assertThat(iam.listAccessKeys(r -> r.userName("app")).accessKeyMetadata())
          .extracting(AccessKeyMetadata::accessKeyId)
          .containsExactly(first.accessKeyId(), created.accessKey().accessKeyId());
      assertThat(iam.listAccessKeys().accessKeyMetadata()).as("no UserName: the caller's own user").hasSize(2);

      iam.updateAccessKey(r -> r.userName("app").accessKeyId(created.accessKey().accessKeyId())
          .status(StatusType.INACTIVE));
      assertThat(iam.listAccessKeys(r -> r.userName("app")).accessKeyMetadata())
          .extracting(AccessKeyMetadata::status).containsExactly(StatusType.ACTIVE, StatusType.INACTIVE);

      var used = iam.getAccessKeyLastUsed(r -> r.accessKeyId(first.accessKeyId()));
      assertThat(used.userName()).isEqualTo("app");
      assertThat(used.accessKeyLastUsed().serviceName()).isEqualTo("iam");
      assertThat(used.accessKeyLastUsed().lastUsedDate()).isEqualTo(start);
      var never = iam.getAccessKeyLastUsed(r -> r.accessKeyId(created.accessKey().accessKeyId()));
      assertThat(never.accessKeyLastUsed().serviceName()).isEqualTo("N/A");
      assertThat(never.accessKeyLastUsed().lastUsedDate()).isNull();

      iam.deleteAccessKey(r -> r.userName("app").accessKeyId(created.accessKey().accessKeyId()));
      assertThat(iam.listAccessKeys(r -> r.userName("app")).accessKeyMetadata()).hasSize(1);
      assertThatThrownBy(() -> iam.deleteAccessKey(r -> r.userName("app").accessKeyId("AKIANOSUCHKEY0000000")))
          .isInstanceOfSatisfying(IamException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(404);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchEntity");
            assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("The Access Key with id AKIANOSUCHKEY0000000 cannot be found.");
          });
    }
  }

  @Test
  void aThirdKeyIsLimitExceeded() {
    IamStandIn.AccessKey first = seed("app", false);
    try (IamClient iam = iam(first.accessKeyId(), first.secretAccessKey())) {
      iam.createAccessKey(r -> r.userName("app"));
      assertThatThrownBy(() -> iam.createAccessKey(r -> r.userName("app")))
          .isInstanceOfSatisfying(IamException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(409);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("LimitExceeded");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Cannot exceed quota for AccessKeysPerUser: 2");
          });
    }
  }

  @Test
  void aNewKeyIsRefusedUntilItPropagates() {
    IamStandIn.AccessKey first = seed("app", false);
    CreateAccessKeyResponse created;
    try (IamClient iam = iam(first.accessKeyId(), first.secretAccessKey())) {
      created = iam.createAccessKey(r -> r.userName("app"));
    }
    try (StsClient sts = sts(created.accessKey().accessKeyId(), created.accessKey().secretAccessKey())) {
      assertThatThrownBy(sts::getCallerIdentity).isInstanceOfSatisfying(StsException.class, e -> {
        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
      });
      dev.advanceClock(Duration.ofSeconds(4));
      GetCallerIdentityResponse me = sts.getCallerIdentity();
      assertThat(me.arn()).isEqualTo("arn:aws:iam::123456789012:user/app");
      assertThat(me.account()).isEqualTo("123456789012");
      assertThat(me.userId()).startsWith("AIDA");
    }
  }

  @Test
  void signaturesAreRecomputed() {
    IamStandIn.AccessKey first = seed("app", false);
    String secret = first.secretAccessKey();
    String wrong = (secret.charAt(0) == 'x' ? "y" : "x") + secret.substring(1); // never the secret itself (1 in 64)
    try (StsClient wrongSecret = sts(first.accessKeyId(), wrong);
        IamClient unknownKey = iam("AKIAUNKNOWNKEY000000", first.secretAccessKey())) {
      assertThatThrownBy(wrongSecret::getCallerIdentity).isInstanceOfSatisfying(StsException.class, e ->
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch"));
      assertThatThrownBy(unknownKey::listAccessKeys).isInstanceOfSatisfying(IamException.class, e -> {
        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
      });
    }
  }

  @Test
  void inactiveKeysAreRefusedAndUsersOnlyManageTheirOwnKeysUnlessAdmin() {
    IamStandIn.AccessKey app = seed("app", false);
    IamStandIn.AccessKey other = seed("other", false);
    IamStandIn.AccessKey admin = seed("rotator", true);
    try (IamClient asApp = iam(app.accessKeyId(), app.secretAccessKey());
        IamClient asAdmin = iam(admin.accessKeyId(), admin.secretAccessKey())) {
      assertThatThrownBy(() -> asApp.listAccessKeys(r -> r.userName("other")))
          .isInstanceOfSatisfying(IamException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
            assertThat(e.awsErrorDetails().errorMessage()).startsWith(
                "User: arn:aws:iam::123456789012:user/app is not authorized to perform: iam:ListAccessKeys on"
                    + " resource: user other");
          });
      asAdmin.updateAccessKey(r -> r.userName("other").accessKeyId(other.accessKeyId()).status(StatusType.INACTIVE));
      assertThatThrownBy(() -> asAdmin.listAccessKeys(r -> r.userName("ghost")))
          .isInstanceOfSatisfying(IamException.class, e ->
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchEntity"));
    }
    try (StsClient asOther = sts(other.accessKeyId(), other.secretAccessKey())) {
      assertThatThrownBy(asOther::getCallerIdentity).isInstanceOfSatisfying(StsException.class, e ->
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId"));
    }
  }

  @Test
  void devControlsSeedUsersAndSetThePropagationDelay() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> seeded = http.send(HttpRequest.newBuilder(URI.create(dev.address() + "/_dev/aws/users"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"user_name\":\"demo\",\"key_age\":\"800h\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(seeded.statusCode()).isEqualTo(200);
    assertThat(seeded.body()).contains("\"user_name\":\"demo\"", "\"access_key_id\":\"AKIA", "\"secret_access_key\":",
        "\"arn\":\"arn:aws:iam::123456789012:user/demo\"");
    HttpResponse<String> set = http.send(HttpRequest.newBuilder(URI.create(dev.address() + "/_dev/aws"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"propagation_delay\":\"10s\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(set.body()).contains("\"propagation_delay\":\"10s\"");
    assertThat(dev.iam().propagationDelay()).isEqualTo(Duration.ofSeconds(10));
    HttpResponse<String> user = http.send(HttpRequest.newBuilder(URI.create(dev.address() + "/_dev/aws/users/demo"))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(user.body()).contains("\"status\":\"Active\"").doesNotContain("secret");
    assertThat(dev.iam().keysOfUser("demo").get(0).createDate()).isEqualTo(start.minus(Duration.ofHours(800)));
  }
}
