package io.vaultlet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.config.AutoAuthConfig;
import io.vaultlet.vault.VaultRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every method logs in against the emulator, configured from real agent HCL. */
class MethodLoginTest {

  @TempDir Path dir;
  private Emulator emu;
  private Recorder rec;
  private TokenManager manager;

  @BeforeEach
  void start() throws Exception {
    emu = new Emulator();
    rec = new Recorder();
  }

  @AfterEach
  void stop() {
    if (manager != null) {
      manager.close();
    }
    String log = rec.log();
    rec.close();
    emu.close();
    assertThat(rec.tokens()).allSatisfy(t -> assertThat(log).doesNotContain(t));
  }

  private AuthToken login(String methodBlock) throws Exception {
    AutoAuthConfig config = Configs.autoAuth(dir, methodBlock);
    manager = TokenManager.fromConfig(config, emu.client, emu.scheduler);
    manager.addTokenListener(rec);
    manager.addEventListener(rec);
    manager.start();
    emu.advance(Duration.ZERO);
    assertThat(rec.events(AuthEvent.Type.LOGIN_FAILURE)).isEmpty();
    assertThat(rec.changes).hasSize(1);
    AuthToken token = rec.changes.get(0).current();
    assertThat(emu.root.withToken(token.token()).get("auth/token/lookup-self").status()).isEqualTo(200);
    return token;
  }

  private static String q(Path p) {
    return "\"" + p + "\"";
  }

  @Test
  void approleReadsBothFilesAndRemovesTheSecretIdFileByDefault() throws Exception {
    Path[] files = emu.approle(dir, "web", "10m", "1h");

    AuthToken token = login("method \"approle\" {\n config = {\n role_id_file_path = " + q(files[0])
        + "\n secret_id_file_path = " + q(files[1]) + "\n }\n}");

    assertThat(token.policies()).contains("app");
    assertThat(files[1]).doesNotExist();
    assertThat(files[0]).exists();
  }

  @Test
  void approleUnwrapsAResponseWrappedSecretIdAfterCheckingItsCreationPath() throws Exception {
    Path[] files = emu.approle(dir, "web", "10m", "1h");
    String wrapping = emu.client.withToken(emu.vault.rootToken())
        .send(VaultRequest.put("auth/approle/role/web/secret-id").body(Map.of()).wrapTtl(Duration.ofMinutes(5))
            .build()).orElseThrow().wrapInfo().orElseThrow().token();
    Files.writeString(files[1], wrapping);

    login("method \"approle\" {\n config = {\n role_id_file_path = " + q(files[0]) + "\n secret_id_file_path = "
        + q(files[1]) + "\n secret_id_response_wrapping_path = \"auth/approle/role/web/secret-id\"\n"
        + " remove_secret_id_file_after_reading = false\n }\n}");

    assertThat(files[1]).exists();
  }

  @Test
  void approleRefusesAWrappedSecretIdFromAnotherPath() throws Exception {
    Path[] files = emu.approle(dir, "web", "10m", "1h");
    String wrapping = emu.client.withToken(emu.vault.rootToken())
        .send(VaultRequest.put("sys/wrapping/wrap").body(Map.of("secret_id", "attacker-chosen")).wrapTtl(
            Duration.ofMinutes(5)).build()).orElseThrow().wrapInfo().orElseThrow().token();
    Files.writeString(files[1], wrapping);
    manager = TokenManager.fromConfig(Configs.autoAuth(dir, "method \"approle\" {\n config = {\n"
        + " role_id_file_path = " + q(files[0]) + "\n secret_id_file_path = " + q(files[1])
        + "\n secret_id_response_wrapping_path = \"auth/approle/role/web/secret-id\"\n }\n}"), emu.client,
        emu.scheduler);
    manager.addEventListener(rec);
    manager.start();
    emu.advance(Duration.ZERO);

    assertThat(rec.events(AuthEvent.Type.LOGIN_FAILURE)).singleElement()
        .satisfies(e -> assertThat(e.error().orElseThrow()).startsWith("SECURITY: unable to validate wrapping token"));
    assertThat(emu.requestsTo("auth/approle/login")).isZero();
  }

  @Test
  void kubernetesReadsTheServiceAccountTokenAtEveryLogin() throws Exception {
    KeyPair apiServer = Jwts.rsa();
    emu.root.write("sys/auth/kubernetes", Map.of("type", "kubernetes"));
    emu.root.write("auth/kubernetes/config", Map.of("kubernetes_host", "https://k8s.local",
        "pem_keys", List.of(Jwts.pem(apiServer.getPublic()))));
    emu.root.write("auth/kubernetes/role/app", Map.of("bound_service_account_names", "app",
        "bound_service_account_namespaces", "prod", "token_policies", "app", "token_ttl", "30s",
        "token_max_ttl", "40s"));
    long now = Emulator.START.getEpochSecond();
    Path sa = dir.resolve("sa-token");
    Files.writeString(sa, Jwts.sign(apiServer.getPrivate(), Map.of("iss", "kubernetes/serviceaccount",
        "sub", "system:serviceaccount:prod:app", "exp", now + 3600, "kubernetes.io/serviceaccount/namespace", "prod",
        "kubernetes.io/serviceaccount/service-account.name", "app",
        "kubernetes.io/serviceaccount/service-account.uid", "uid-1")) + "\n");

    AuthToken token = login("method \"kubernetes\" {\n config = {\n role = \"app\"\n token_path = " + q(sa)
        + "\n }\n}");
    assertThat(token.policies()).contains("app");
    assertThat(sa).exists();

    Files.writeString(sa, "garbage-that-is-not-a-jwt");
    emu.advance(Duration.ofSeconds(40));
    assertThat(rec.events(AuthEvent.Type.LOGIN_FAILURE)).as("the file is read again at re-login").isNotEmpty();
  }

  @Test
  void jwtReadsTheFileAndRemovesItAfterReading() throws Exception {
    KeyPair idp = Jwts.rsa();
    emu.root.write("sys/auth/jwt", Map.of("type", "jwt"));
    emu.root.write("auth/jwt/config", Map.of("jwt_validation_pubkeys", List.of(Jwts.pem(idp.getPublic()))));
    emu.root.write("auth/jwt/role/ci", Map.of("role_type", "jwt", "user_claim", "sub", "bound_audiences", "vault",
        "token_policies", "ci", "token_ttl", "20m"));
    long now = Emulator.START.getEpochSecond();
    Path jwt = dir.resolve("jwt");
    Files.writeString(jwt, Jwts.sign(idp.getPrivate(), Map.of("sub", "ci", "aud", "vault", "iat", now,
        "exp", now + 3600)));

    AuthToken token = login("method \"jwt\" {\n config = {\n role = \"ci\"\n path = " + q(jwt) + "\n }\n}");

    assertThat(token.policies()).contains("ci");
    assertThat(jwt).doesNotExist();
  }

  @Test
  void tokenFileLooksTheTokenUpInsteadOfLoggingIn() throws Exception {
    String t = emu.root.write("auth/token/create", Map.of("ttl", "1h", "policies", List.of("default"))).auth()
        .get("client_token").toString();
    Path file = dir.resolve("token");
    Files.writeString(file, t + "\n");
    emu.resetStats();

    AuthToken token = login("method \"token_file\" {\n config = {\n token_file_path = " + q(file) + "\n }\n}");

    assertThat(token.token()).isEqualTo(t);
    assertThat(token.renewable()).isTrue();
    assertThat(token.expiresAt()).contains(Emulator.START.plus(Duration.ofHours(1)));
    assertThat(emu.requestsTo("auth/token/lookup-self")).as("the manager's lookup, then this test's check")
        .isEqualTo(2);
    assertThat(emu.requests(null)).isEqualTo(2);
  }

  @Test
  void methodWrapTtlPutsTheWrapInfoInTheSinkAndNeverRenews() throws Exception {
    Path[] files = emu.approle(dir, "web", "30s", "1h");
    Path sink = dir.resolve("wrapped-token");
    manager = TokenManager.fromConfig(Configs.autoAuth(dir, "method \"approle\" {\n wrap_ttl = \"5m\"\n config = {\n"
        + " role_id_file_path = " + q(files[0]) + "\n secret_id_file_path = " + q(files[1])
        + "\n remove_secret_id_file_after_reading = false\n }\n}\nsink \"file\" {\n config = { path = " + q(sink)
        + " }\n}"), emu.client, emu.scheduler);
    manager.addTokenListener(rec);
    manager.start();
    emu.advance(Duration.ZERO);

    String content = Files.readString(sink);
    assertThat(content).contains("\"creation_path\":\"auth/approle/login\"").contains("\"wrapped_accessor\"");
    String wrappingToken = new com.fasterxml.jackson.databind.ObjectMapper().readTree(content).path("token").asText();
    var unwrapped = emu.client.unwrap(wrappingToken).orElseThrow();
    assertThat(unwrapped.auth().orElseThrow().clientToken()).isNotEmpty();
    emu.advance(Duration.ofMinutes(2));
    assertThat(emu.requestsTo("auth/token/renew-self")).isZero();
    assertThat(rec.changes).as("listeners get no unusable wrapped token").isEmpty();
  }

  @Test
  void aNewJwtTriggersAReLoginOnlyWithEnableReauthOnNewCredentials() throws Exception {
    KeyPair idp = Jwts.rsa();
    emu.root.write("sys/auth/jwt", Map.of("type", "jwt"));
    emu.root.write("auth/jwt/config", Map.of("jwt_validation_pubkeys", List.of(Jwts.pem(idp.getPublic()))));
    emu.root.write("auth/jwt/role/ci", Map.of("role_type", "jwt", "user_claim", "sub", "bound_audiences", "vault",
        "token_policies", "ci", "token_ttl", "20m"));
    long now = Emulator.START.getEpochSecond();
    Path jwt = dir.resolve("jwt");
    Files.writeString(jwt, Jwts.sign(idp.getPrivate(), Map.of("sub", "ci", "aud", "vault", "exp", now + 3600)));

    login("enable_reauth_on_new_credentials = true\nmethod \"jwt\" {\n config = {\n role = \"ci\"\n path = "
        + q(jwt) + "\n jwt_read_period = \"10s\"\n }\n}");
    emu.advance(Duration.ofSeconds(30));
    assertThat(rec.changes).as("no new JWT, no new login").hasSize(1);

    Files.writeString(jwt, Jwts.sign(idp.getPrivate(), Map.of("sub", "ci", "aud", "vault", "exp", now + 7200)));
    emu.advance(Duration.ofSeconds(10));

    assertThat(rec.changes).hasSize(2);
    assertThat(rec.changes.get(1).reason()).isEqualTo(TokenChange.Reason.NEW_CREDENTIALS);
    assertThat(jwt).doesNotExist();
  }
}
