package io.vaultlet.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VaultClientTlsTest {

  static final String OK = "{\"data\":{\"ok\":true}}";

  static TestPki pki;
  static TestPki otherPki;
  static TestPki.Issued server;
  static TestPki.Issued namedOnly;
  static TestPki.Issued untrusted;

  @TempDir Path dir;
  RecordingSleeper sleeper = new RecordingSleeper();

  @BeforeAll
  static void certificates() {
    pki = TestPki.create("vaultlet test CA");
    otherPki = TestPki.create("someone else's CA");
    server = pki.server("vault", "localhost", "127.0.0.1", "vault.test");
    namedOnly = pki.server("vault", "vault.internal");
    untrusted = otherPki.server("vault", "127.0.0.1");
  }

  VaultClient client(VaultClient.Settings.Builder b) throws IOException {
    return VaultClient.create(b.build(), sleeper, () -> 0.5, Clock.systemUTC());
  }

  Path caFile() throws IOException {
    return TestPki.writeCerts(dir.resolve("ca.pem"), otherPki.ca.cert(), pki.ca.cert());
  }

  @Test
  void trustsAServerSignedByACaFromTheBundleFile() throws Exception {
    try (StubVault vault = StubVault.https(server, null)) {
      vault.enqueue(200, OK);

      VaultResponse r = client(VaultClient.Settings.builder(vault.uri()).caCert(caFile())).read("x").orElseThrow();

      assertThat(r.data().path("ok").asBoolean()).isTrue();
    }
  }

  @Test
  void trustsAServerSignedByACaInTheCaDirectory() throws Exception {
    Path cas = Files.createDirectories(dir.resolve("cas/nested"));
    TestPki.writeCerts(dir.resolve("cas/other.pem"), otherPki.ca.cert());
    TestPki.writeCerts(cas.resolve("ours.crt"), pki.ca.cert());
    try (StubVault vault = StubVault.https(server, null)) {
      vault.enqueue(200, OK);

      assertThat(client(VaultClient.Settings.builder(vault.uri()).caPath(dir.resolve("cas"))).read("x")).isPresent();
    }
  }

  @Test
  void aCaDirectoryWithAFileThatIsNotPemIsAnErrorNamingTheFile() throws Exception {
    Path cas = Files.createDirectories(dir.resolve("cas"));
    TestPki.writeCerts(cas.resolve("ours.pem"), pki.ca.cert());
    Files.writeString(cas.resolve("README"), "not a certificate");

    assertThatThrownBy(() -> client(VaultClient.Settings.builder("https://127.0.0.1:1").caPath(cas)))
        .isInstanceOf(IOException.class).hasMessageContaining("README");
  }

  @Test
  void rejectsAnUnknownCaWithoutRetrying() throws Exception {
    try (StubVault vault = StubVault.https(untrusted, null)) {
      VaultClient c = client(VaultClient.Settings.builder(vault.uri()).caCert(
          TestPki.writeCerts(dir.resolve("ca.pem"), pki.ca.cert())));

      VaultException e = catchThrowableOfType(VaultException.class, () -> c.read("x"));

      assertThat(e.status()).isZero();
      assertThat(e.getMessage()).contains("TLS: the server's certificate is not trusted (127.0.0.1:" + vault.port()
          + ")");
      assertThat(sleeper.waits).isEmpty();
      assertThat(vault.requests()).isEmpty();
    }
  }

  @Test
  void rejectsACertificateThatDoesNotNameTheHost() throws Exception {
    try (StubVault vault = StubVault.https(namedOnly, null)) {
      VaultClient c = client(VaultClient.Settings.builder(vault.uri()).caCert(caFile()));

      VaultException e = catchThrowableOfType(VaultException.class, () -> c.read("x"));

      assertThat(e.getMessage()).contains("not valid for \"127.0.0.1\"")
          .contains("TLS: the server's certificate does not match the host name (127.0.0.1:" + vault.port() + ")");
      assertThat(vault.requests()).isEmpty();
    }
  }

  @Test
  void aDnsAddressIsCheckedAgainstTheCertificatesDnsNames() throws Exception {
    try (StubVault good = StubVault.https(server, null); StubVault bad = StubVault.https(namedOnly, null)) {
      good.enqueue(200, OK);

      assertThat(client(VaultClient.Settings.builder("https://localhost:" + good.port()).caCert(caFile())).read("x"))
          .isPresent();
      VaultException e = catchThrowableOfType(VaultException.class,
          () -> client(VaultClient.Settings.builder("https://localhost:" + bad.port()).caCert(caFile())).read("x"));
      assertThat(e.getMessage()).contains("not valid for \"localhost\"");
      assertThat(good.sniNames()).contains("localhost");
    }
  }

  @Test
  void tlsServerNameIsSentAsSniAndCheckedAgainstTheCertificate() throws Exception {
    try (StubVault vault = StubVault.https(namedOnly, null)) {
      vault.enqueue(200, OK);

      VaultClient c =
          client(VaultClient.Settings.builder(vault.uri()).caCert(caFile()).tlsServerName("vault.internal"));

      assertThat(c.read("x")).isPresent();
      assertThat(vault.sniNames()).contains("vault.internal");
    }
  }

  @Test
  void tlsServerNameOverridesTheUriHostInSni() throws Exception {
    try (StubVault vault = StubVault.https(server, null)) {
      vault.enqueue(200, OK);
      VaultClient c = client(VaultClient.Settings.builder("https://localhost:" + vault.port()).caCert(caFile())
          .tlsServerName("vault.test"));

      assertThat(c.read("x")).isPresent();
      assertThat(vault.sniNames()).containsOnly("vault.test");
    }
  }

  @Test
  void aTlsServerNameTheCertificateDoesNotCarryIsRejected() throws Exception {
    try (StubVault vault = StubVault.https(server, null)) {
      VaultClient c = client(VaultClient.Settings.builder(vault.uri()).caCert(caFile()).tlsServerName("wrong.test"));

      VaultException e = catchThrowableOfType(VaultException.class, () -> c.read("x"));

      assertThat(e.getMessage()).contains("wrong.test");
      assertThat(vault.requests()).isEmpty();
    }
  }

  @Test
  void skipVerifyAcceptsAnyCertificateAndName() throws Exception {
    try (StubVault vault = StubVault.https(untrusted, null)) {
      vault.enqueue(200, OK);

      VaultClient c = client(VaultClient.Settings.builder(vault.uri()).tlsSkipVerify(true).tlsServerName("any.test"));

      assertThat(c.read("x")).isPresent();
    }
  }

  @Test
  void skipVerifyAcceptsACertificateForAnotherNameWithoutATlsServerName() throws Exception {
    // namedOnly does not name 127.0.0.1: with tls_skip_verify neither our check nor the JDK's host-name check applies
    try (StubVault vault = StubVault.https(namedOnly, null)) {
      vault.enqueue(200, OK);

      VaultClient c = client(VaultClient.Settings.builder(vault.uri()).tlsSkipVerify(true));

      assertThat(c.read("x")).isPresent();
    }
  }

  @Test
  void skipVerifyWarnsLoudlyOncePerProcess() throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    io.vaultlet.support.Log.setOutput(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      Tls.rearmSkipVerifyWarning();
      client(VaultClient.Settings.builder("https://127.0.0.1:1").tlsSkipVerify(true));
      client(VaultClient.Settings.builder("https://127.0.0.1:1").tlsSkipVerify(true));
    } finally {
      io.vaultlet.support.Log.setOutput(System.err);
    }

    String logs = out.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(logs).contains("[WARN]").contains("tls_skip_verify is set");
    assertThat(logs.split("tls_skip_verify is set", -1)).hasSize(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"rsa-pkcs1", "rsa-pkcs8", "ec-sec1", "ec-pkcs8"})
  void presentsAClientCertificateFromAnyPemKeyEncoding(String kind) throws Exception {
    KeyPair keys = kind.startsWith("rsa") ? TestPki.rsa() : TestPki.ec();
    TestPki.Issued client = pki.client("agent-" + kind, keys);
    Path cert = TestPki.writeCerts(dir.resolve("client.pem"), client.cert());
    Path key = kind.endsWith("pkcs8") ? TestPki.writePkcs8Key(dir.resolve("client.key"), keys.getPrivate())
        : TestPki.writeTraditionalKey(dir.resolve("client.key"), keys);
    assertThat(Files.readString(key)).contains(switch (kind) {
      case "rsa-pkcs1" -> "BEGIN RSA PRIVATE KEY";
      case "ec-sec1" -> "BEGIN EC PRIVATE KEY";
      default -> "BEGIN PRIVATE KEY";
    });
    try (StubVault vault = StubVault.https(server, pki)) {
      vault.enqueue(200, OK);

      client(VaultClient.Settings.builder(vault.uri()).caCert(caFile()).clientCert(cert, key)).read("x");

      assertThat(vault.last().clientCertSubject()).isEqualTo("CN=agent-" + kind);
    }
  }

  @Test
  void withoutAClientCertificateMutualTlsFails() throws Exception {
    try (StubVault vault = StubVault.https(server, pki)) {
      VaultClient c = client(VaultClient.Settings.builder(vault.uri()).caCert(caFile()));

      assertThatThrownBy(() -> c.read("x")).isInstanceOf(VaultException.class);
      assertThat(vault.requests()).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void speaksTls12And13(String protocol) throws Exception {
    try (StubVault vault = StubVault.https(server, null, protocol)) {
      vault.enqueue(200, OK);

      assertThat(client(VaultClient.Settings.builder(vault.uri()).caCert(caFile())).read("x")).isPresent();
    }
  }

  @Test
  void refusesTls11() throws Exception {
    try (StubVault vault = StubVault.https(server, null, "TLSv1.1")) {
      VaultClient c = client(VaultClient.Settings.builder(vault.uri()).caCert(caFile()));

      assertThatThrownBy(() -> c.read("x")).isInstanceOf(VaultException.class);
    }
  }

  @Test
  void refusesARedirectFromHttpsToHttp() throws Exception {
    try (StubVault vault = StubVault.https(server, null); StubVault plain = StubVault.http()) {
      vault.enqueue(StubVault.Reply.empty(307).with("Location", plain.uri() + "/v1/x"));
      VaultClient c = client(VaultClient.Settings.builder(vault.uri()).caCert(caFile())).withToken("hvs.tokenX1234");

      VaultException e = catchThrowableOfType(VaultException.class, () -> c.write("x", java.util.Map.of()));

      assertThat(e.getMessage()).contains("protocol downgrade");
      assertThat(plain.requests()).isEmpty();
    }
  }

  @Test
  void missingOrBrokenTlsFilesFailAtCreationWithTheirNames() throws IOException {
    Path notPem = Files.writeString(dir.resolve("ca.pem"), "hello");
    assertThatThrownBy(() -> client(VaultClient.Settings.builder("https://127.0.0.1:1").caCert(notPem)))
        .isInstanceOf(IOException.class).hasMessageContaining(notPem.toString());
    assertThatThrownBy(() -> client(VaultClient.Settings.builder("https://127.0.0.1:1")
        .clientCert(caFile(), notPem))).isInstanceOf(IOException.class).hasMessageContaining("no PEM private key");
  }
}
