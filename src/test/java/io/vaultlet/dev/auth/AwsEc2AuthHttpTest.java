package io.vaultlet.dev.auth;

import static io.vaultlet.dev.auth.TestEc2Identity.base64;
import static io.vaultlet.dev.auth.TestEc2Identity.document;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.support.Log;
import io.vaultlet.support.Redactor;
import io.vaultlet.testing.VaultHttp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** EC2 logins to the emulator's {@code auth/aws} over real HTTP, signed with a test key pair registered as AWS's cert. */
class AwsEc2AuthHttpTest {

  static final String INSTANCE = "i-0123456789abcdef0";
  static final String ACCOUNT = "123456789012";
  static final String AMI = "ami-0abcdef1234567890";
  static final String PENDING = "2026-01-01T10:00:00Z";

  private static TestEc2Identity aws;
  private static TestEc2Identity impostor;
  private DevServer vault;
  private VaultHttp http;
  private VaultHttp anonymous;

  @BeforeAll
  static void keys() {
    aws = new TestEc2Identity("test-aws-identity");
    impostor = new TestEc2Identity("not-aws");
  }

  @BeforeEach
  void start() throws Exception {
    vault = DevServer.start(DevOptions.defaults());
    http = new VaultHttp(vault.address(), vault.rootToken());
    anonymous = http.withToken(null);
    http.write("sys/auth/aws", Map.of("type", "aws"));
    http.write("auth/aws/config/certificate/test-identity", Map.of("aws_public_cert", aws.certificatePem(),
        "type", "identity"));
    http.write("auth/aws/config/certificate/test-pkcs7", Map.of("aws_public_cert", base64(aws.certificatePem())));
    http.write("auth/aws/role/web", Map.of("auth_type", "ec2", "bound_ami_id", AMI, "bound_account_id", ACCOUNT,
        "bound_region", "eu-west-1", "token_policies", "web", "token_ttl", "1h", "token_max_ttl", "4h"));
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  private static String doc() {
    return document(INSTANCE, ACCOUNT, "eu-west-1", AMI, PENDING);
  }

  private VaultHttp.Response loginWithSignature(String document, String signature, Map<String, Object> extra) {
    Map<String, Object> body = new HashMap<>(extra);
    body.put("identity", base64(document));
    body.put("signature", signature);
    return anonymous.post("auth/aws/login", body);
  }

  private VaultHttp.Response login(Map<String, Object> extra) {
    return loginWithSignature(doc(), aws.signature(doc()), extra);
  }

  @Test
  void identityAndSignatureLogInWithVaultsAuthBlockAndAGeneratedNonce() {
    VaultHttp.Response r = login(Map.of("role", "web"));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    Map<String, Object> auth = r.auth();
    assertThat(auth).containsEntry("policies", List.of("default", "web")).containsEntry("lease_duration", 3600)
        .containsEntry("renewable", true);
    @SuppressWarnings("unchecked")
    Map<String, String> metadata = (Map<String, String>) auth.get("metadata");
    assertThat(metadata).containsEntry("instance_id", INSTANCE).containsEntry("account_id", ACCOUNT)
        .containsEntry("region", "eu-west-1").containsEntry("ami_id", AMI).containsEntry("role", "web")
        .containsEntry("auth_type", "ec2").containsEntry("role_tag_max_ttl", "0s");
    assertThat(metadata.get("nonce")).matches("[0-9a-f-]{36}");
    VaultHttp.Response self = http.withToken((String) auth.get("client_token")).get("auth/token/lookup-self");
    assertThat(self.status()).isEqualTo(200);

    VaultHttp.Response again = login(Map.of("role", "web", "nonce", metadata.get("nonce")));
    assertThat(again.status()).as(again.body()).isEqualTo(200);
    assertThat(again.auth().get("metadata")).asInstanceOf(MAP)
        .doesNotContainKey("nonce");
    assertThat(http.get("auth/aws/identity-accesslist/" + INSTANCE).data()).containsEntry("role", "web")
        .containsEntry("pending_time", PENDING).containsEntry("disallow_reauthentication", false)
        .doesNotContainKey("client_nonce");
  }

  @Test
  void noncesAndTokensStayOutOfTheLog() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Log.Level level = Log.level();
    Log.setOutput(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    Log.setLevel(Log.Level.TRACE);
    try {
      VaultHttp.Response generated = login(Map.of("role", "web"));
      @SuppressWarnings("unchecked")
      String nonce = ((Map<String, String>) generated.auth().get("metadata")).get("nonce");
      http.post("auth/aws/role/movable", Map.of("auth_type", "ec2", "bound_region", "eu-west-1"));
      String other = document("i-0other", ACCOUNT, "eu-west-1", AMI, PENDING);
      VaultHttp.Response supplied = loginWithSignature(other, aws.signature(other), Map.of("role", "movable",
          "nonce", "client-chosen-nonce-7c1d"));
      VaultHttp.Response refused = loginWithSignature(other, aws.signature(other), Map.of("role", "movable",
          "nonce", "wrong-nonce-93ab"));

      assertThat(refused.status()).isEqualTo(400);
      // the nonces are registered with the one redaction point, so no future log line can carry them either
      assertThat(Redactor.redact("n=" + nonce + " c=client-chosen-nonce-7c1d"))
          .isEqualTo("n=" + Redactor.MASK + " c=" + Redactor.MASK);
      assertThat(bytes.toString(StandardCharsets.UTF_8)).doesNotContain(nonce)
          .doesNotContain("client-chosen-nonce-7c1d")
          .doesNotContain((String) generated.auth().get("client_token"))
          .doesNotContain((String) supplied.auth().get("client_token"));
    } finally {
      Log.setOutput(System.err);
      Log.setLevel(level);
    }
  }

  @Test
  void aPkcs7BlobIsVerifiedAgainstThePkcs7Certificates() {
    VaultHttp.Response r = anonymous.post("auth/aws/login", Map.of("role", "web", "pkcs7", aws.pkcs7(doc()),
        "nonce", "my-own-nonce"));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.auth().get("metadata")).asInstanceOf(MAP)
        .containsEntry("instance_id", INSTANCE).doesNotContainKey("nonce");

    http.delete("auth/aws/config/certificate/test-pkcs7");
    VaultHttp.Response noCert = anonymous.post("auth/aws/login", Map.of("role", "web", "pkcs7", aws.pkcs7(doc()),
        "nonce", "my-own-nonce"));
    assertThat(noCert.status()).isEqualTo(500);
    assertThat(noCert.errors()).containsExactly(
        "1 error occurred:\n\t* certificates to verify the signature are not found\n\n");
  }

  @Test
  void aSignatureFromAnotherKeyOrOverAnotherDocumentIsRefused() {
    VaultHttp.Response forged = loginWithSignature(doc(), impostor.signature(doc()), Map.of("role", "web"));
    assertThat(forged.status()).isEqualTo(500);
    assertThat(forged.errors()).containsExactly("1 error occurred:\n\t* instance identity verification using SHA256 "
        + "RSA signature is unsuccessful\n\n");

    String other = document(INSTANCE, "999999999999", "eu-west-1", AMI, PENDING);
    VaultHttp.Response swapped = loginWithSignature(other, aws.signature(doc()), Map.of("role", "web"));
    assertThat(swapped.status()).isEqualTo(500);

    VaultHttp.Response pkcs7 = anonymous.post("auth/aws/login", Map.of("role", "web", "pkcs7",
        impostor.pkcs7(doc())));
    assertThat(pkcs7.status()).isEqualTo(500);
    assertThat(pkcs7.errors().get(0)).contains("failed to verify the signature");

    VaultHttp.Response garbage = loginWithSignature(doc(), "not base64!", Map.of("role", "web"));
    assertThat(garbage.status()).isEqualTo(400);
    assertThat(garbage.errors()).containsExactly(
        "failed to base64 decode the SHA256 RSA signature of the instance identity document");
  }

  @Test
  void theRolesAccountAmiAndRegionBindingsAreChecked() {
    http.write("auth/aws/role/other-account", Map.of("auth_type", "ec2", "bound_account_id", "999999999999"));
    http.write("auth/aws/role/other-ami", Map.of("auth_type", "ec2", "bound_ami_id", "ami-1111,ami-2222"));
    http.write("auth/aws/role/other-region", Map.of("auth_type", "ec2", "bound_region", "us-east-1"));
    http.write("auth/aws/role/iam-only", Map.of("auth_type", "iam", "bound_iam_principal_arn",
        "arn:aws:iam::123456789012:role/x"));

    assertThat(login(Map.of("role", "other-account")).errors()).containsExactly("Error validating instance: account "
        + "ID \"123456789012\" does not belong to role \"other-account\"");
    assertThat(login(Map.of("role", "other-ami")).errors()).containsExactly("Error validating instance: AMI ID "
        + "\"ami-0abcdef1234567890\" does not belong to role \"other-ami\"");
    assertThat(login(Map.of("role", "other-region")).errors()).containsExactly(
        "Region \"eu-west-1\" does not satisfy the constraint on role \"other-region\"");
    assertThat(login(Map.of("role", "iam-only")).errors()).containsExactly(
        "auth method ec2 not allowed for role iam-only");
    assertThat(login(Map.of("role", "missing")).errors()).containsExactly("entry for role \"missing\" not found");
    VaultHttp.Response byAmi = login(Map.of());
    assertThat(byAmi.status()).isEqualTo(400);
    assertThat(byAmi.errors()).containsExactly("entry for role \"" + AMI + "\" not found");
    assertThat(http.list("auth/aws/identity-accesslist/").status()).isEqualTo(404);
  }

  @Test
  void vpcSubnetAndInstanceProfileBindingsUseTheRegisteredInstanceDescription() {
    http.write("auth/aws/role/in-vpc", Map.of("auth_type", "ec2", "bound_vpc_id", "vpc-1",
        "bound_iam_instance_profile_arn", "arn:aws:iam::123456789012:instance-profile/web*"));

    VaultHttp.Response undescribed = login(Map.of("role", "in-vpc"));
    assertThat(undescribed.status()).isEqualTo(500);
    assertThat(undescribed.errors().get(0)).contains("VPC ID in the instance description is nil");

    http.write("auth/aws/_dev/instances", Map.of("instance_id", INSTANCE, "vpc_id", "vpc-2", "subnet_id", "subnet-1",
        "iam_instance_profile_arn", "arn:aws:iam::123456789012:instance-profile/web-servers", "image_id", AMI));
    assertThat(login(Map.of("role", "in-vpc")).errors()).containsExactly(
        "Error validating instance: VPC ID \"vpc-2\" does not satisfy the constraint on role \"in-vpc\"");

    http.write("auth/aws/_dev/instances", Map.of("instance_id", INSTANCE, "vpc_id", "vpc-1",
        "iam_instance_profile_arn", "arn:aws:iam::123456789012:instance-profile/web-servers", "image_id", AMI));
    assertThat(login(Map.of("role", "in-vpc")).status()).isEqualTo(200);

    http.write("auth/aws/_dev/instances", Map.of("instance_id", INSTANCE, "state", "stopped"));
    assertThat(login(Map.of("role", "web")).errors()).containsExactly(
        "failed to verify instance ID: instance is not in 'running' state");
  }

  @Test
  void aLaterLoginMustPresentTheFirstNonceAndNoOlderDocument() {
    assertThat(login(Map.of("role", "web", "nonce", "first-nonce")).status()).isEqualTo(200);

    VaultHttp.Response mismatch = login(Map.of("role", "web", "nonce", "other-nonce"));
    assertThat(mismatch.status()).isEqualTo(400);
    assertThat(mismatch.errors()).containsExactly("client nonce mismatch");
    VaultHttp.Response none = login(Map.of("role", "web"));
    assertThat(none.errors()).containsExactly("client nonce mismatch");

    String older = document(INSTANCE, ACCOUNT, "eu-west-1", AMI, "2025-12-01T10:00:00Z");
    VaultHttp.Response stale = loginWithSignature(older, aws.signature(older), Map.of("role", "web",
        "nonce", "first-nonce"));
    assertThat(stale.errors()).containsExactly("instance meta-data is older than the one used for previous login");

    assertThat(login(Map.of("role", "web", "nonce", "first-nonce")).status()).isEqualTo(200);
    assertThat(http.delete("auth/aws/identity-accesslist/" + INSTANCE).status()).isEqualTo(204);
    assertThat(login(Map.of("role", "web", "nonce", "other-nonce")).status()).isEqualTo(200);
  }

  @Test
  void disallowReauthenticationRefusesAnySecondLogin() {
    http.write("auth/aws/role/once", Map.of("auth_type", "ec2", "bound_account_id", ACCOUNT,
        "disallow_reauthentication", true));

    VaultHttp.Response first = login(Map.of("role", "once"));
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.auth().get("metadata")).asInstanceOf(MAP)
        .doesNotContainKey("nonce");

    VaultHttp.Response second = login(Map.of("role", "once", "nonce", "anything"));
    assertThat(second.status()).isEqualTo(400);
    assertThat(second.errors()).containsExactly("reauthentication is disabled");
    assertThat(login(Map.of("role", "web")).errors()).containsExactly("reauthentication is disabled");
  }

  @Test
  void anEmptyNonceTurnsReauthenticationOffForThatInstance() {
    assertThat(login(Map.of("role", "web", "nonce", "")).status()).isEqualTo(200);
    assertThat(login(Map.of("role", "web", "nonce", "")).errors()).containsExactly("reauthentication is disabled");
  }

  @Test
  void instanceMigrationAcceptsANewNonceOnlyWithANewerPendingTime() {
    http.write("auth/aws/role/movable", Map.of("auth_type", "ec2", "bound_account_id", ACCOUNT,
        "allow_instance_migration", true));
    assertThat(login(Map.of("role", "movable", "nonce", "before-move")).status()).isEqualTo(200);

    assertThat(login(Map.of("role", "movable", "nonce", "after-move")).errors()).containsExactly(
        "client nonce mismatch and instance meta-data incorrect");
    String moved = document(INSTANCE, ACCOUNT, "eu-west-1", AMI, "2026-01-02T08:00:00Z");
    assertThat(loginWithSignature(moved, aws.signature(moved), Map.of("role", "movable", "nonce", "after-move"))
        .status()).isEqualTo(200);
    // As in Vault, the access list keeps the first nonce: the migrated instance re-authenticates with it, or after
    // another stop/start.
    assertThat(loginWithSignature(moved, aws.signature(moved), Map.of("role", "movable", "nonce", "after-move"))
        .errors()).containsExactly("client nonce mismatch and instance meta-data incorrect");
    assertThat(loginWithSignature(moved, aws.signature(moved), Map.of("role", "movable", "nonce", "before-move"))
        .status()).isEqualTo(200);
  }

  @Test
  void configurationAndRoleWritesAreCheckedAndReadBack() {
    assertThat(http.get("auth/aws/config/certificate/test-pkcs7").data()).containsEntry("type", "pkcs7")
        .containsEntry("aws_public_cert", aws.certificatePem());
    assertThat(http.list("auth/aws/config/certificates/").data()).containsEntry("keys",
        List.of("test-identity", "test-pkcs7"));
    assertThat(http.post("auth/aws/config/certificate/x", Map.of("aws_public_cert", aws.certificatePem(),
        "type", "rsa")).errors()).containsExactly("invalid certificate type \"rsa\"");
    assertThat(http.post("auth/aws/config/certificate/x", Map.of("type", "identity")).errors())
        .containsExactly("missing aws_public_cert");

    assertThat(http.get("auth/aws/role/web").data()).containsEntry("auth_type", "ec2")
        .containsEntry("bound_ami_id", List.of(AMI)).containsEntry("bound_account_id", List.of(ACCOUNT))
        .containsEntry("bound_region", List.of("eu-west-1")).containsEntry("disallow_reauthentication", false)
        .containsEntry("token_ttl", 3600);
    assertThat(http.post("auth/aws/role/none", Map.of("auth_type", "ec2")).errors())
        .containsExactly("at least one bound parameter should be specified on the role");
    assertThat(http.post("auth/aws/role/both", Map.of("auth_type", "ec2", "bound_region", "x",
        "disallow_reauthentication", true, "allow_instance_migration", true)).errors()).containsExactly(
        "cannot specify both disallow_reauthentication=true and allow_instance_migration=true");
    assertThat(anonymous.post("auth/aws/login", Map.of("identity", base64(doc()))).errors())
        .containsExactly("supplied some of the auth values for the ec2 auth type but not all");
    assertThat(anonymous.post("auth/aws/login", Map.of("pkcs7", "x", "iam_request_url", "x")).errors())
        .containsExactly("supplied auth values for both ec2 and iam auth types");
  }
}
