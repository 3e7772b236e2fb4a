package io.vaultlet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.dev.auth.TestEc2Identity;
import io.vaultlet.testing.AgentProcess;
import io.vaultlet.testing.VaultHttp;
import io.vaultlet.vault.TestPki;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every auto-auth method through {@code vaultlet agent} as a process (docs/e2e-coverage.md), against one emulator
 * that speaks HTTPS and asks for a client certificate: the agent trusts it through {@code vault { ca_cert }}, logs in,
 * renders a secret its login's policy allows, writes the token to its sink and exits ({@code -exit-after-auth}). The
 * emulator checks what the real services check: SigV4 for {@code aws} iam (the agent signs with the AWS SDK, keys
 * from the environment), the IMDS identity signature and nonce for ec2, the service-account and OIDC JWT signatures,
 * the TLS client certificate for {@code cert}. No log line holds the token or the credential it was obtained with.
 */
class AuthMethodsProcessTest {

  private static final Duration EXIT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final char[] PASSWORD = "changeit".toCharArray();
  private static final String POLICY = "path \"secret/data/app\" { capabilities = [\"read\"] }\n"
      + "path \"sys/internal/ui/mounts/*\" { capabilities = [\"read\"] }\n";
  private static final String TEMPLATE = "{{ with secret \\\"secret/app\\\" }}{{ .Data.data.v }}{{ end }}";

  @TempDir static Path shared;
  @TempDir Path dir;

  private static TestPki pki;
  private static DevServer vault;
  private static VaultHttp root;
  private static Path caPem;

  @BeforeAll
  static void startEmulator() throws Exception {
    pki = TestPki.create("Test CA");
    vault = DevServer.start(DevOptions.builder().tls(TestPki.keyStore(pki.server("vault.test", "127.0.0.1")),
        PASSWORD).noPostgres(true).build());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(pki.trustStore());
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    root = VaultHttp.tls(vault.address(), vault.rootToken(), ssl);
    caPem = TestPki.writeCerts(shared.resolve("ca.pem"), pki.ca.cert());
    root.write("sys/policies/acl/app", Map.of("policy", POLICY));
    root.write("secret/data/app", Map.of("data", Map.of("v", "rendered-through-auto-auth")));
  }

  @AfterAll
  static void stopEmulator() {
    vault.close();
  }

  private static String q(Object path) {
    return "\"" + path + "\"";
  }

  /** An agent file: the emulator over TLS ({@code extraVault} adds to the vault block), a method, sinks, a template. */
  private Path config(String extraVault, String method, String sinks) throws Exception {
    Path config = dir.resolve("agent.hcl");
    Files.writeString(config, "vault {\n  address = " + q(vault.address()) + "\n  ca_cert = " + q(caPem) + "\n"
        + extraVault + "}\n"
        + "auto_auth {\n" + method + "\n  sink \"file\" {\n    config = { path = " + q(dir.resolve("sink"))
        + " }\n  }\n"
        + sinks + "}\n"
        + "template {\n  contents = \"" + TEMPLATE + "\"\n  destination = " + q(dir.resolve("app.txt")) + "\n}\n");
    return config;
  }

  /**
   * Runs the agent until it exits after auth; checks exit 0, the rendered secret, and that the sink's token is a
   * live token with the {@code app} policy and {@code expectedMeta} in its metadata; returns it. Neither the token nor
   * {@code secrets} are logged.
   */
  private String runAndCheck(Path config, Map<String, String> env, Map<String, Object> expectedMeta,
      String... secrets) throws Exception {
    Path log = dir.resolve("agent.log");
    try (AgentProcess agent = AgentProcess.start(config, log, env, "-exit-after-auth")) {
      assertThat(agent.awaitExit(EXIT)).as(agent.log()).isZero();
      assertThat(dir.resolve("app.txt")).hasContent("rendered-through-auto-auth");
      String token = Files.readString(dir.resolve("sink"));
      VaultHttp.Response self = root.withToken(token).get("auth/token/lookup-self");
      assertThat(self.status()).as(self.body()).isEqualTo(200);
      assertThat(self.data().get("policies")).asInstanceOf(InstanceOfAssertFactories.LIST).contains("app");
      assertThat(self.data().get("meta")).asInstanceOf(InstanceOfAssertFactories.map(String.class, Object.class))
          .containsAllEntriesOf(expectedMeta);
      assertThat(agent.log()).contains("authentication successful").doesNotContain(token);
      for (String s : secrets) {
        assertThat(agent.log()).doesNotContain(s);
      }
      return token;
    }
  }

  @Test
  void awsIamSignsWithTheSdkFromEnvironmentCredentialsAndTheEmulatorVerifiesSigV4() throws Exception {
    root.write("sys/auth/aws-iam", Map.of("type", "aws"));
    root.write("auth/aws-iam/config/client", Map.of("iam_server_id_header_value", "vault.dev.local"));
    String secret = "process/test/Secret+Key/EXAMPLEKEY0123456789";
    root.write("auth/aws-iam/_dev/keys", Map.of("access_key_id", "AKIAPROCESSTEST00001", "secret_access_key", secret,
        "arn", "arn:aws:iam::123456789012:user/deploy-bot"));
    root.write("auth/aws-iam/role/deploy", Map.of("auth_type", "iam",
        "bound_iam_principal_arn", "arn:aws:iam::123456789012:user/deploy-bot", "token_policies", "app",
        "token_ttl", "10m"));
    Path config = config("", "  method \"aws\" {\n    mount_path = \"auth/aws-iam\"\n    config = {\n"
        + "      type = \"iam\"\n      role = \"deploy\"\n      header_value = \"vault.dev.local\"\n    }\n  }", "");

    runAndCheck(config, Map.of("AWS_ACCESS_KEY_ID", "AKIAPROCESSTEST00001", "AWS_SECRET_ACCESS_KEY", secret,
        "AWS_EC2_METADATA_DISABLED", "true", "AWS_SHARED_CREDENTIALS_FILE", dir.resolve("none").toString(),
        "AWS_CONFIG_FILE", dir.resolve("none").toString()), Map.of("auth_type", "iam", "account_id", "123456789012"),
        secret);
  }

  @Test
  void awsEc2ReadsTheIdentityFromTheImdsStandInAndTheEmulatorVerifiesItsSignature() throws Exception {
    TestEc2Identity identity = new TestEc2Identity("process-test-aws-identity");
    root.write("sys/auth/aws-ec2", Map.of("type", "aws"));
    root.write("auth/aws-ec2/config/certificate/test", Map.of("aws_public_cert", identity.certificatePem(),
        "type", "identity"));
    root.write("auth/aws-ec2/role/web", Map.of("auth_type", "ec2", "bound_account_id", "123456789012",
        "bound_region", "eu-west-1", "token_policies", "app", "token_ttl", "10m"));
    String document = TestEc2Identity.document("i-0process", "123456789012", "eu-west-1", "ami-0process",
        Instant.now().minus(Duration.ofHours(1)).toString());
    try (AwsStandIns imds = new AwsStandIns()) {
      imds.documents.put("/latest/dynamic/instance-identity/document", document);
      imds.documents.put("/latest/dynamic/instance-identity/signature", identity.signature(document));
      Path config = config("", "  method \"aws\" {\n    mount_path = \"auth/aws-ec2\"\n    config = {\n"
          + "      type = \"ec2\"\n      role = \"web\"\n      nonce = \"process-test-nonce-7c1e\"\n    }\n  }", "");

      runAndCheck(config, Map.of("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.endpoint()), Map.of("auth_type", "ec2",
          "instance_id", "i-0process", "region", "eu-west-1"), "process-test-nonce-7c1e", AwsStandIns.IMDS_TOKEN);
      assertThat(imds.requests).contains("PUT /latest/api/token", "GET /latest/dynamic/instance-identity/document");
    }
    assertThat(root.get("auth/aws-ec2/identity-accesslist/i-0process").data()).containsEntry("role", "web");
  }

  @Test
  void kubernetesLogsInWithTheServiceAccountTokenFile() throws Exception {
    KeyPair apiServer = Jwts.rsa();
    root.write("sys/auth/kubernetes", Map.of("type", "kubernetes"));
    root.write("auth/kubernetes/config", Map.of("kubernetes_host", "https://k8s.local",
        "pem_keys", List.of(Jwts.pem(apiServer.getPublic()))));
    root.write("auth/kubernetes/role/app", Map.of("bound_service_account_names", "app",
        "bound_service_account_namespaces", "prod", "token_policies", "app", "token_ttl", "10m"));
    long now = Instant.now().getEpochSecond();
    String jwt = Jwts.sign(apiServer.getPrivate(), Map.of("iss", "kubernetes/serviceaccount",
        "sub", "system:serviceaccount:prod:app", "iat", now, "exp", now + 3600,
        "kubernetes.io/serviceaccount/namespace", "prod", "kubernetes.io/serviceaccount/service-account.name", "app",
        "kubernetes.io/serviceaccount/service-account.uid", "uid-process-1"));
    Path sa = dir.resolve("sa-token");
    Files.writeString(sa, jwt + "\n");
    Path config = config("", "  method \"kubernetes\" {\n    config = {\n      role = \"app\"\n"
        + "      token_path = " + q(sa) + "\n    }\n  }", "");

    runAndCheck(config, Map.of(), Map.of("role", "app", "service_account_name", "app",
        "service_account_namespace", "prod"), jwt);
    assertThat(sa).as("the projected token is the kubelet's: never removed").exists();
  }

  /** jwt, with a second sink that encrypts the token for the test's curve25519 key (dh_type, derive_key, aad). */
  @Test
  void jwtLogsInRemovesItsFileAndADhSinkEncryptsTheTokenForTheClientsKey() throws Exception {
    KeyPair idp = Jwts.rsa();
    root.write("sys/auth/jwt", Map.of("type", "jwt"));
    root.write("auth/jwt/config", Map.of("jwt_validation_pubkeys", List.of(Jwts.pem(idp.getPublic()))));
    root.write("auth/jwt/role/ci", Map.of("role_type", "jwt", "user_claim", "sub", "bound_audiences", "vault",
        "token_policies", "app", "token_ttl", "10m"));
    long now = Instant.now().getEpochSecond();
    String jwt = Jwts.sign(idp.getPrivate(), Map.of("sub", "ci-runner", "aud", "vault", "iat", now,
        "exp", now + 3600));
    Path jwtFile = dir.resolve("jwt");
    Files.writeString(jwtFile, jwt);
    KeyPair client = KeyPairGenerator.getInstance("X25519").generateKeyPair();
    byte[] clientPublic = raw((XECPublicKey) client.getPublic());
    Path dhParams = dir.resolve("dh.json");
    Files.writeString(dhParams, "{\"curve25519_public_key\":\""
        + Base64.getEncoder().encodeToString(clientPublic) + "\"}");
    Path encrypted = dir.resolve("sink.dh");
    Path config = config("", "  method \"jwt\" {\n    config = {\n      role = \"ci\"\n      path = " + q(jwtFile)
        + "\n    }\n  }", "  sink \"file\" {\n    dh_type = \"curve25519\"\n    dh_path = " + q(dhParams)
        + "\n    derive_key = true\n    aad = \"process-aad\"\n    config = { path = " + q(encrypted) + " }\n  }\n");

    String token = runAndCheck(config, Map.of(), Map.of("role", "ci"), jwt);

    assertThat(jwtFile).as("remove_jwt_after_reading defaults to true").doesNotExist();
    String envelope = Files.readString(encrypted);
    assertThat(envelope).doesNotContain(token);
    assertThat(decrypt(envelope, client, clientPublic, "process-aad")).isEqualTo(token);
  }

  /** cert, with the client certificate of the {@code vault} block (every request of the agent presents it). */
  @Test
  void certLogsInWithTheClientCertificateOfTheVaultBlock() throws Exception {
    root.write("sys/auth/cert", Map.of("type", "cert"));
    root.write("auth/cert/certs/clients", Map.of("certificate", Files.readString(caPem),
        "allowed_common_names", "*.clients.test", "token_policies", "app", "token_ttl", "10m"));
    TestPki.Issued clientCert = pki.client("api.clients.test", TestPki.ec());
    Path cert = TestPki.writeCerts(dir.resolve("client.pem"), clientCert.cert());
    Path key = TestPki.writePkcs8Key(dir.resolve("client-key.pem"), clientCert.key());
    Path config = config("  client_cert = " + q(cert) + "\n  client_key = " + q(key) + "\n",
        "  method \"cert\" {\n    config = { name = \"clients\" }\n  }", "");

    runAndCheck(config, Map.of(), Map.of("cert_name", "clients", "common_name", "api.clients.test"));
  }

  // ---- the client's side of Vault's dhutil, written from its description (X25519, HKDF-SHA256, AES-256-GCM) ----

  private static String decrypt(String envelopeJson, KeyPair client, byte[] clientPublic, String aad)
      throws Exception {
    JsonNode env = JSON.readTree(envelopeJson);
    byte[] agentPublic = Base64.getDecoder().decode(env.path("curve25519_public_key").asText());
    KeyAgreement ka = KeyAgreement.getInstance("X25519");
    ka.init(client.getPrivate());
    ka.doPhase(x25519(agentPublic), true);
    byte[] shared = ka.generateSecret();
    boolean agentFirst = Arrays.compareUnsigned(agentPublic, clientPublic) < 0;
    byte[] key = hkdf(shared, agentFirst ? agentPublic : clientPublic, agentFirst ? clientPublic : agentPublic);
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
        new GCMParameterSpec(128, Base64.getDecoder().decode(env.path("nonce").asText())));
    gcm.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
    return new String(gcm.doFinal(Base64.getDecoder().decode(env.path("encrypted_payload").asText())),
        StandardCharsets.UTF_8);
  }

  /** RFC 5869 with SHA-256, 32 bytes: salt = the lower public key, info = the higher one (Vault's DeriveSharedKey). */
  private static byte[] hkdf(byte[] ikm, byte[] salt, byte[] info) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(salt, "HmacSHA256"));
    byte[] prk = mac.doFinal(ikm);
    mac.init(new SecretKeySpec(prk, "HmacSHA256"));
    mac.update(info);
    mac.update((byte) 1);
    return mac.doFinal(); // one block: 32 bytes
  }

  private static byte[] raw(XECPublicKey key) {
    byte[] be = key.getU().toByteArray();
    byte[] le = new byte[32];
    for (int i = 0; i < Math.min(be.length, 32); i++) {
      le[i] = be[be.length - 1 - i];
    }
    return le;
  }

  private static PublicKey x25519(byte[] littleEndian) throws Exception {
    byte[] be = new byte[33];
    for (int i = 0; i < 32; i++) {
      be[32 - i] = littleEndian[i];
    }
    return KeyFactory.getInstance("X25519").generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519,
        new BigInteger(be)));
  }
}
