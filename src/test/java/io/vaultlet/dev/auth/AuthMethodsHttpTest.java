package io.vaultlet.dev.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.testing.VaultHttp;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** approle, jwt, kubernetes and aws logins over real HTTP against the in-process emulator. */
class AuthMethodsHttpTest {

  private DevServer vault;
  private VaultHttp http;
  private VaultHttp anonymous;

  @BeforeEach
  void start() throws Exception {
    vault = DevServer.start(DevOptions.defaults());
    http = new VaultHttp(vault.address(), vault.rootToken());
    anonymous = http.withToken(null);
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  @Test
  void approleLoginReturnsVaultsAuthBlockAndAWorkingToken() {
    http.write("sys/auth/approle", Map.of("type", "approle"));
    http.write("auth/approle/role/web", Map.of("token_policies", "web,db", "token_ttl", "1h", "token_max_ttl", "4h",
        "secret_id_ttl", "10m", "secret_id_num_uses", 2));
    String roleId = http.get("auth/approle/role/web/role-id").string("role_id");
    VaultHttp.Response secret = http.write("auth/approle/role/web/secret-id", Map.of());
    assertThat(secret.data()).containsKeys("secret_id", "secret_id_accessor").containsEntry("secret_id_ttl", 600)
        .containsEntry("secret_id_num_uses", 2);

    VaultHttp.Response login = anonymous.post("auth/approle/login",
        Map.of("role_id", roleId, "secret_id", secret.string("secret_id")));

    assertThat(login.status()).isEqualTo(200);
    Map<String, Object> auth = login.auth();
    assertThat(auth).containsKeys("client_token", "accessor", "entity_id")
        .containsEntry("policies", List.of("db", "default", "web"))
        .containsEntry("token_policies", List.of("db", "default", "web"))
        .containsEntry("metadata", Map.of("role_name", "web"))
        .containsEntry("lease_duration", 3600).containsEntry("renewable", true)
        .containsEntry("token_type", "service").containsEntry("orphan", true);
    VaultHttp.Response self = http.withToken((String) auth.get("client_token")).get("auth/token/lookup-self");
    assertThat(self.status()).isEqualTo(200);
    assertThat(self.data()).containsEntry("display_name", "approle");
  }

  @Test
  void approleSecretIdsAreConsumedAndExpire() {
    http.write("sys/auth/approle", Map.of("type", "approle"));
    http.write("auth/approle/role/once", Map.of("secret_id_num_uses", 1, "secret_id_ttl", "5m"));
    String roleId = http.get("auth/approle/role/once/role-id").string("role_id");
    String secretId = http.write("auth/approle/role/once/secret-id", Map.of()).string("secret_id");
    Map<String, Object> creds = Map.of("role_id", roleId, "secret_id", secretId);

    assertThat(anonymous.post("auth/approle/login", creds).status()).isEqualTo(200);
    VaultHttp.Response again = anonymous.post("auth/approle/login", creds);
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.errors()).containsExactly("invalid role or secret ID");

    String expiring = http.write("auth/approle/role/once/secret-id", Map.of()).string("secret_id");
    vault.advanceClock(Duration.ofMinutes(6));
    assertThat(anonymous.post("auth/approle/login", Map.of("role_id", roleId, "secret_id", expiring)).errors())
        .containsExactly("invalid role or secret ID");
    assertThat(anonymous.post("auth/approle/login", Map.of("secret_id", "x")).errors())
        .containsExactly("missing role_id");
  }

  @Test
  void approleSecretIdsCanBeLookedUpAndDestroyedByValueOrAccessor() {
    http.write("sys/auth/approle", Map.of("type", "approle"));
    http.write("auth/approle/role/svc", Map.of("secret_id_num_uses", 3));
    String roleId = http.get("auth/approle/role/svc/role-id").string("role_id");
    VaultHttp.Response created = http.write("auth/approle/role/svc/secret-id", Map.of("metadata", "{\"team\":\"a\"}"));
    String secretId = created.string("secret_id");
    String accessor = created.string("secret_id_accessor");

    VaultHttp.Response byValue = http.post("auth/approle/role/svc/secret-id/lookup", Map.of("secret_id", secretId));
    assertThat(byValue.data()).containsEntry("secret_id_accessor", accessor).containsEntry("secret_id_num_uses", 3)
        .containsEntry("metadata", Map.of("team", "a"));
    VaultHttp.Response login = anonymous.post("auth/approle/login", Map.of("role_id", roleId, "secret_id", secretId));
    assertThat(login.auth()).containsEntry("metadata", Map.of("team", "a", "role_name", "svc"));
    assertThat(http.post("auth/approle/role/svc/secret-id-accessor/lookup", Map.of("secret_id_accessor", accessor))
        .data()).containsEntry("secret_id_num_uses", 2);
    assertThat(http.list("auth/approle/role/svc/secret-id").data()).containsEntry("keys", List.of(accessor));

    http.write("auth/approle/role/svc/secret-id-accessor/destroy", Map.of("secret_id_accessor", accessor));

    assertThat(anonymous.post("auth/approle/login", Map.of("role_id", roleId, "secret_id", secretId)).status())
        .isEqualTo(400);
  }

  @Test
  void jwtLoginVerifiesSignatureExpiryAndAudience() throws Exception {
    KeyPair idp = TestJwts.rsa();
    http.write("sys/auth/jwt", Map.of("type", "jwt"));
    http.write("auth/jwt/config", Map.of("jwt_validation_pubkeys", List.of(TestJwts.pem(idp.getPublic()))));
    http.write("auth/jwt/role/ci", Map.of("role_type", "jwt", "user_claim", "sub", "bound_audiences", "vault",
        "bound_subject", "repo:acme/app", "token_policies", "ci", "token_ttl", "20m",
        "claim_mappings", Map.of("repository", "repo")));
    long now = vault.clock().instant().getEpochSecond();
    Map<String, Object> claims = Map.of("sub", "repo:acme/app", "aud", "vault", "iat", now, "exp", now + 300,
        "repository", "acme/app");

    VaultHttp.Response ok = anonymous.post("auth/jwt/login", Map.of("role", "ci", "jwt", TestJwts.sign(idp.getPrivate(), claims)));

    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.auth()).containsEntry("metadata", Map.of("role", "ci", "repo", "acme/app"))
        .containsEntry("lease_duration", 1200);

    KeyPair stranger = TestJwts.rsa();
    VaultHttp.Response forged = anonymous.post("auth/jwt/login",
        Map.of("role", "ci", "jwt", TestJwts.sign(stranger.getPrivate(), claims)));
    assertThat(forged.status()).isEqualTo(400);
    assertThat(forged.errors().get(0)).startsWith("error validating token: ");

    Map<String, Object> expired = Map.of("sub", "repo:acme/app", "aud", "vault", "exp", now - 600);
    assertThat(anonymous.post("auth/jwt/login", Map.of("role", "ci", "jwt", TestJwts.sign(idp.getPrivate(), expired)))
        .errors()).containsExactly("error validating token: token is expired (exp)");

    Map<String, Object> otherAud = Map.of("sub", "repo:acme/app", "aud", "other", "exp", now + 300);
    assertThat(anonymous.post("auth/jwt/login", Map.of("role", "ci", "jwt", TestJwts.sign(idp.getPrivate(), otherAud)))
        .status()).isEqualTo(400);
    assertThat(anonymous.post("auth/jwt/login", Map.of("role", "nope", "jwt", "x")).errors())
        .containsExactly("role \"nope\" could not be found");
  }

  @Test
  void kubernetesLoginBindsServiceAccountAndNamespace() throws Exception {
    KeyPair apiServer = TestJwts.ec();
    http.write("sys/auth/kubernetes", Map.of("type", "kubernetes"));
    http.write("auth/kubernetes/config", Map.of("kubernetes_host", "https://k8s.local",
        "pem_keys", List.of(TestJwts.pem(apiServer.getPublic()))));
    http.write("auth/kubernetes/role/app", Map.of("bound_service_account_names", "app",
        "bound_service_account_namespaces", "prod", "token_policies", "app"));
    long now = vault.clock().instant().getEpochSecond();
    String jwt = TestJwts.sign(apiServer.getPrivate(), Map.of("iss", "https://kubernetes.default.svc", "sub",
        "system:serviceaccount:prod:app", "aud", List.of("https://kubernetes.default.svc"), "exp", now + 3600,
        "kubernetes.io", Map.of("namespace", "prod", "serviceaccount", Map.of("name", "app", "uid", "uid-123"))));

    VaultHttp.Response ok = anonymous.post("auth/kubernetes/login", Map.of("role", "app", "jwt", jwt));

    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.auth()).containsEntry("metadata", Map.of("role", "app", "service_account_name", "app",
        "service_account_namespace", "prod", "service_account_secret_name", "", "service_account_uid", "uid-123"));
    assertThat(http.withToken((String) ok.auth().get("client_token")).get("auth/token/lookup-self").data())
        .containsEntry("display_name", "kubernetes-prod-app");

    String otherNs = TestJwts.sign(apiServer.getPrivate(), Map.of("exp", now + 3600,
        "kubernetes.io", Map.of("namespace", "dev", "serviceaccount", Map.of("name", "app", "uid", "u"))));
    VaultHttp.Response denied = anonymous.post("auth/kubernetes/login", Map.of("role", "app", "jwt", otherNs));
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.errors()).containsExactly("namespace not authorized");

    String forged = TestJwts.sign(TestJwts.ec().getPrivate(), Map.of("exp", now + 3600,
        "kubernetes.io", Map.of("namespace", "prod", "serviceaccount", Map.of("name", "app", "uid", "u"))));
    assertThat(anonymous.post("auth/kubernetes/login", Map.of("role", "app", "jwt", forged)).status()).isEqualTo(403);
    assertThat(anonymous.post("auth/kubernetes/login", Map.of("role", "nope", "jwt", jwt)).errors())
        .containsExactly("invalid role name \"nope\"");
  }

  @Test
  void awsIamLoginWithAnSdkSignedRequest() throws Exception {
    http.write("sys/auth/aws", Map.of("type", "aws"));
    http.write("auth/aws/config/client", Map.of("iam_server_id_header_value", "vault.dev.local"));
    http.write("auth/aws/_dev/keys", Map.of("access_key_id", "AKIAIOSFODNN7EXAMPLE",
        "secret_access_key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "arn", "arn:aws:iam::123456789012:user/ci-bot", "user_id", "AIDAEXAMPLEUSERID"));
    http.write("auth/aws/role/ci-bot", Map.of("auth_type", "iam",
        "bound_iam_principal_arn", "arn:aws:iam::123456789012:user/*", "token_policies", "ci", "token_ttl", "30m"));
    AwsCredentialsIdentity id = AwsCredentialsIdentity.create("AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    Instant now = vault.clock().instant();

    VaultHttp.Response ok = anonymous.post("auth/aws/login",
        SdkStsSigner.loginData(SdkStsSigner.sign(id, now, "vault.dev.local"), null));

    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.auth()).containsEntry("policies", List.of("ci", "default")).containsEntry("lease_duration", 1800)
        .containsEntry("metadata", Map.of("account_id", "123456789012", "auth_type", "iam"));

    VaultHttp.Response wrongServer = anonymous.post("auth/aws/login",
        SdkStsSigner.loginData(SdkStsSigner.sign(id, now, "vault.prod"), "ci-bot"));
    assertThat(wrongServer.status()).isEqualTo(400);
    assertThat(wrongServer.errors()).containsExactly("error validating X-Vault-AWS-IAM-Server-ID header: expected "
        + "\"vault.dev.local\" but got \"vault.prod\"");

    AwsCredentialsIdentity wrongSecret = AwsCredentialsIdentity.create("AKIAIOSFODNN7EXAMPLE", "not-the-secret");
    VaultHttp.Response bad = anonymous.post("auth/aws/login",
        SdkStsSigner.loginData(SdkStsSigner.sign(wrongSecret, now, "vault.dev.local"), "ci-bot"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.errors().get(0)).startsWith("error making upstream request: received error code 403 from STS:")
        .contains("SignatureDoesNotMatch");
  }
}
