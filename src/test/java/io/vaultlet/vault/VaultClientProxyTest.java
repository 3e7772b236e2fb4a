package io.vaultlet.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.support.Log;
import io.vaultlet.testing.ForwardProxy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client to Vault and the API proxy's forwarder through a real forward proxy chosen from the environment, as
 * Vault's Go client chooses it: {@code HTTP_PROXY} for an http Vault (absolute-form requests), {@code HTTPS_PROXY} for
 * an https one (a {@code CONNECT} tunnel, TLS end to end), directly when {@code NO_PROXY} matches or Vault is on
 * loopback, {@code VAULT_PROXY_ADDR} for everything; the proxy URL's credentials on the proxy request only, and never
 * in an error or a log line.
 */
class VaultClientProxyTest {

  private static final String TOKEN = "hvs.CAESIJproxyTokenUnderTest012345";
  private static final String KV1 = "{\"request_id\":\"r\",\"lease_duration\":0,\"data\":{\"v\":\"1\"}}";
  private static final String USER = "alice";
  private static final String PASSWORD = "pr0xy-Passw0rd-7731";
  private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD)
      .getBytes(StandardCharsets.UTF_8));

  @TempDir Path dir;
  private ForwardProxy proxy;
  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
  private Log.Level previous;

  @BeforeEach
  void start() throws IOException {
    proxy = ForwardProxy.start().route("vault.corp", "127.0.0.1");
    previous = Log.level();
    Log.setLevel(Log.Level.TRACE);
    Log.setOutput(new PrintStream(logs, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() throws IOException {
    Log.setLevel(previous);
    Log.setOutput(System.err);
    proxy.close();
  }

  private String proxyWithCredentials() {
    return proxy.url().replace("http://", "http://" + USER + ":" + PASSWORD + "@");
  }

  private static VaultClient client(URI address, Map<String, String> env, Path ca) throws IOException {
    VaultClient.Settings.Builder b = VaultClient.Settings.builder(address).maxRetries(0);
    if (ca != null) {
      b.caCert(ca);
    }
    return VaultClient.create(b.build(), EnvironmentProxies.of(env)).withToken(TOKEN);
  }

  @Test
  void anHttpVaultIsReachedThroughHttpProxyInAbsoluteForm() throws Exception {
    try (StubVault vault = StubVault.http()) {
      vault.enqueue(200, KV1).enqueue(200, KV1);
      URI address = URI.create("http://vault.corp:" + vault.port());
      VaultClient c = client(address, Map.of("HTTP_PROXY", proxyWithCredentials(), "HTTPS_PROXY", "http://unused:1"),
          null);
      proxy.requireAuthorization(BASIC);

      assertThat(c.read("secret/app")).isPresent();
      assertThat(c.read("secret/app")).isPresent();

      assertThat(proxy.seen()).extracting(ForwardProxy.Seen::requestLine).containsExactly(
          "GET http://vault.corp:" + vault.port() + "/v1/secret/app HTTP/1.1",
          "GET http://vault.corp:" + vault.port() + "/v1/secret/app HTTP/1.1");
      assertThat(proxy.seen()).extracting(ForwardProxy.Seen::authorization).containsOnly(BASIC);
      assertThat(vault.requests()).hasSize(2);
      assertThat(vault.last().header("x-vault-token")).isEqualTo(TOKEN);
      assertThat(vault.last().headers()).doesNotContainKey("proxy-authorization");
    }
  }

  @Test
  void anHttpsVaultIsTunnelledThroughHttpsProxyWithTheNameCheckedEndToEnd() throws Exception {
    TestPki pki = TestPki.create("vaultlet proxy test CA");
    try (StubVault vault = StubVault.https(pki.server("vault", "vault.corp"), null)) {
      vault.enqueue(200, KV1);
      Path ca = TestPki.writeCerts(dir.resolve("ca.pem"), pki.ca.cert());
      proxy.requireAuthorization(BASIC);
      VaultClient c = client(URI.create("https://vault.corp:" + vault.port()),
          Map.of("HTTPS_PROXY", proxyWithCredentials(), "HTTP_PROXY", "http://unused:1"), ca);

      assertThat(c.read("secret/app")).isPresent();

      assertThat(proxy.seen()).containsExactly(
          new ForwardProxy.Seen("CONNECT vault.corp:" + vault.port() + " HTTP/1.1", BASIC));
      assertThat(vault.sniNames()).contains("vault.corp");
      assertThat(vault.last().header("x-vault-token")).isEqualTo(TOKEN);
      assertThat(vault.last().headers()).doesNotContainKey("proxy-authorization");
    }
  }

  @Test
  void aVaultOnLoopbackIsReachedDirectlyEvenWithProxiesSet() throws Exception {
    try (StubVault vault = StubVault.http()) {
      vault.enqueue(200, KV1);
      VaultClient c = client(vault.uri(), Map.of("HTTP_PROXY", proxy.url(), "HTTPS_PROXY", proxy.url()), null);

      assertThat(c.read("secret/app")).isPresent();

      assertThat(proxy.requests()).isZero();
      assertThat(vault.requests()).hasSize(1);
    }
  }

  @Test
  void vaultProxyAddrTakesEveryRequestThroughTheProxyLoopbackIncluded() throws Exception {
    try (StubVault vault = StubVault.http()) {
      vault.enqueue(200, KV1);
      VaultClient c = client(vault.uri(), Map.of("VAULT_PROXY_ADDR", proxy.url(), "NO_PROXY", "*"), null);

      assertThat(c.read("secret/app")).isPresent();

      assertThat(proxy.seen()).extracting(ForwardProxy.Seen::requestLine)
          .containsExactly("GET " + vault.uri() + "/v1/secret/app HTTP/1.1");
    }
  }

  @Test
  void aNonLoopbackVaultGoesThroughTheProxyUnlessNoProxyMatches() throws Exception {
    Optional<InetAddress> own = ForwardProxy.nonLoopbackAddress();
    assumeThat(own).as("this machine has no non-loopback address to reach the emulator by").isPresent();
    String host = own.get().getHostAddress();
    String listen = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":0";
    try (DevServer vault = DevServer.start(DevOptions.builder().listenAddress(listen).rootTokenId(TOKEN)
        .noPostgres(true).build())) {
      URI address = vault.uri();
      assertThat(address.getHost()).doesNotContain("127.0.0.1");

      assertThat(client(address, Map.of("HTTP_PROXY", proxy.url()), null).lookupSelf()).isNotNull();
      assertThat(proxy.seen()).extracting(ForwardProxy.Seen::requestLine)
          .containsExactly("GET " + address + "/v1/auth/token/lookup-self HTTP/1.1");

      String cidr = own.get() instanceof java.net.Inet4Address ? host + "/32" : host + "/128";
      for (String noProxy : List.of(host, "example.org, " + cidr, host + ":" + vault.port(), "*")) {
        assertThat(client(address, Map.of("HTTP_PROXY", proxy.url(), "no_proxy", noProxy), null).lookupSelf())
            .as("NO_PROXY=" + noProxy).isNotNull();
      }
      assertThat(proxy.requests()).as("only the first client used the proxy").isEqualTo(1);

      client(address, Map.of("HTTP_PROXY", proxy.url(), "NO_PROXY", host + ":1"), null).lookupSelf();
      assertThat(proxy.requests()).as("NO_PROXY with another port does not match").isEqualTo(2);
    }
  }

  @Test
  void wrongProxyCredentialsAreAnErrorThatNamesNeitherThemNorTheToken() throws Exception {
    try (StubVault vault = StubVault.http()) {
      vault.enqueue(200, KV1);
      proxy.requireAuthorization("Basic c29tZW9uZS1lbHNl");
      TestPki pki = TestPki.create("vaultlet proxy test CA");
      VaultClient https = client(URI.create("https://vault.corp:" + vault.port()),
          Map.of("HTTPS_PROXY", proxyWithCredentials()), TestPki.writeCerts(dir.resolve("ca.pem"), pki.ca.cert()));
      VaultClient http = client(URI.create("http://vault.corp:" + vault.port()),
          Map.of("HTTP_PROXY", proxyWithCredentials()), null);

      assertThatThrownBy(() -> https.read("secret/app")).isInstanceOf(VaultException.class)
          .hasMessageContaining("407")
          .satisfies(e -> assertThat(chain(e)).doesNotContain(PASSWORD, BASIC.substring(6), TOKEN));
      assertThatThrownBy(() -> http.read("secret/app")).isInstanceOf(VaultException.class)
          .hasMessageContaining("407")
          .satisfies(e -> assertThat(chain(e)).doesNotContain(PASSWORD, BASIC.substring(6), TOKEN));
      assertThat(proxy.seen()).extracting(ForwardProxy.Seen::authorization).containsOnly(BASIC);
      assertThat(vault.requests()).isEmpty();
      Log.named("test").error("proxied request failed", new IOException("via " + proxyWithCredentials()),
          "proxy", proxyWithCredentials());
      String logged = logs.toString(StandardCharsets.UTF_8);
      assertThat(logged).contains("proxied request failed").doesNotContain(PASSWORD, BASIC.substring(6));
    }
  }

  /**
   * The forwarder (the JDK's HttpClient) answers the proxy's Basic challenge with the URL's credentials. On a
   * {@code CONNECT} the JDK does so only when {@code EnvironmentProxies.prepareJdk} ran before its client was first
   * loaded — first thing in {@code main}, which this shared test JVM cannot promise: the https case here goes
   * through a proxy without a challenge, and AgentProxyProcessTest proves the CONNECT with credentials in a real
   * agent process.
   */
  @Test
  void theApiProxysForwarderGoesThroughTheEnvironmentsProxy() throws Exception {
    TestPki pki = TestPki.create("vaultlet proxy test CA");
    try (StubVault http = StubVault.http();
        StubVault https = StubVault.https(pki.server("vault", "vault.corp"), null)) {
      http.enqueue(200, KV1);
      https.enqueue(200, KV1);
      Path ca = TestPki.writeCerts(dir.resolve("ca.pem"), pki.ca.cert());
      EnvironmentProxies env = EnvironmentProxies.of(Map.of("HTTP_PROXY", proxyWithCredentials(),
          "HTTPS_PROXY", proxy.url()));
      VaultForwarder viaHttp = VaultForwarder.create(VaultClient.Settings.builder(
          URI.create("http://vault.corp:" + http.port())).build(), 0, Sleeper.SYSTEM, Clock.systemUTC(), env);
      VaultForwarder viaHttps = VaultForwarder.create(VaultClient.Settings.builder(
          URI.create("https://vault.corp:" + https.port())).caCert(ca).build(), 0, Sleeper.SYSTEM,
          Clock.systemUTC(), env);
      VaultForwarder.Forward get = new VaultForwarder.Forward("GET", "/v1/secret/app", "",
          List.of(Map.entry("X-Vault-Token", TOKEN), Map.entry("Proxy-Authorization", "Basic from-the-client")),
          new byte[0]);

      proxy.requireAuthorization(BASIC);
      assertOk(viaHttp.send(get, VaultForwarder.RetryPolicy.DEFAULT));
      proxy.requireAuthorization(null);
      assertOk(viaHttps.send(get, VaultForwarder.RetryPolicy.DEFAULT));

      assertThat(proxy.seen()).extracting(ForwardProxy.Seen::requestLine).endsWith(
          "GET http://vault.corp:" + http.port() + "/v1/secret/app HTTP/1.1",
          "CONNECT vault.corp:" + https.port() + " HTTP/1.1");
      assertThat(proxy.seen()).extracting(ForwardProxy.Seen::authorization).doesNotContain("Basic from-the-client");
      assertThat(proxy.seen().get(proxy.seen().size() - 2).authorization()).isEqualTo(BASIC);
      for (StubVault v : List.of(http, https)) {
        assertThat(v.requests()).hasSize(1);
        assertThat(v.last().header("x-vault-token")).isEqualTo(TOKEN);
        assertThat(v.last().headers()).doesNotContainKey("proxy-authorization");
      }
    }
  }

  private static void assertOk(VaultForwarder.Answer a) throws IOException {
    try (InputStream body = a.body()) {
      assertThat(a.status()).isEqualTo(200);
      assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).contains("\"v\":\"1\"");
    }
  }

  private static String chain(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      sb.append(t).append('\n');
    }
    return sb.toString();
  }
}
