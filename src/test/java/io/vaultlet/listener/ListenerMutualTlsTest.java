package io.vaultlet.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vaultlet.pki.Pem;
import io.vaultlet.testing.VaultHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tls_require_and_verify_client_cert} over real TLS sockets: certificates issued by the emulator's PKI engine
 * (one CA for the listener and its clients, a second CA nobody trusts); a client without a certificate cannot
 * connect, nor one whose certificate chains to the other CA, nor one below {@code tls_min_version}; a client with a
 * certificate from {@code tls_client_ca_file} is answered (a probe, and a request proxied to Vault with the auto-auth
 * token).
 */
class ListenerMutualTlsTest {

  @TempDir Path dir;

  @Test
  void clientWithoutCertificateIsRejectedClientWithOneFromTheCaIsServed() throws Exception {
    try (ListenerFixture f = new ListenerFixture(dir)) {
      Issued server = issue(f.root, "pki", "localhost", "127.0.0.1");
      Issued client = issue(f.root, "pki", "app.client.test", null);
      Issued stranger = issue(f.root, "pki2", "app.client.test", null);
      Files.writeString(dir.resolve("server.pem"), server.certificate + "\n" + server.ca);
      Files.writeString(dir.resolve("server-key.pem"), server.key);
      Files.writeString(dir.resolve("client-ca.pem"), client.ca);
      f.start("api_proxy { use_auto_auth_token = true }\n"
          + "listener \"tcp\" {\n  address = \"127.0.0.1:0\"\n  tls_disable = true\n}\n"
          + "listener \"tcp\" {\n  address = \"127.0.0.1:0\"\n"
          + "  tls_cert_file = \"" + dir.resolve("server.pem") + "\"\n"
          + "  tls_key_file = \"" + dir.resolve("server-key.pem") + "\"\n"
          + "  tls_min_version = \"tls13\"\n"
          + "  tls_require_and_verify_client_cert = true\n"
          + "  tls_client_ca_file = \"" + dir.resolve("client-ca.pem") + "\"\n}\n");
      String tls = f.agent.listenerUrls().get(1);
      assertThat(tls).startsWith("https://127.0.0.1:");

      // no certificate: the handshake fails, nothing is answered
      HttpClient anonymous = client(server.ca, null);
      assertThatThrownBy(() -> get(anonymous, tls + "/agent/v1/live")).isInstanceOf(IOException.class);
      // a certificate from a CA the listener does not trust: rejected too
      HttpClient foreign = client(server.ca, stranger);
      assertThatThrownBy(() -> get(foreign, tls + "/agent/v1/live")).isInstanceOf(IOException.class);

      // a certificate from tls_client_ca_file: served, probes and the proxy alike
      HttpClient trusted = client(server.ca, client);
      HttpResponse<String> live = get(trusted, tls + "/agent/v1/live");
      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(live.body()).isEqualTo("{\"live\":true}");
      f.root.write("secret/data/app", Map.of("data", Map.of("k", "through-mtls")));
      HttpResponse<String> secret = get(trusted, tls + "/v1/secret/data/app");
      assertThat(secret.statusCode()).isEqualTo(200);
      assertThat(secret.body()).contains("\"k\":\"through-mtls\"");

      // tls_min_version = "tls13": a TLS 1.2 client is refused even with a good certificate
      HttpClient old = HttpClient.newBuilder().sslContext(sslContext(server.ca, client))
          .sslParameters(new javax.net.ssl.SSLParameters(null, new String[] {"TLSv1.2"}))
          .version(HttpClient.Version.HTTP_1_1).build();
      assertThatThrownBy(() -> get(old, tls + "/agent/v1/live")).isInstanceOf(IOException.class);

      // the plain listener is not affected by the other one's client-certificate rule
      assertThat(f.get("/agent/v1/live").statusCode()).isEqualTo(200);
    }
  }

  /** A certificate and key issued by the emulator's PKI engine at {@code mount} (mounted and rooted on first use). */
  private record Issued(String certificate, String key, String ca) {}

  private static Issued issue(VaultHttp root, String mount, String commonName, String ip) {
    if (root.get("sys/mounts/" + mount).status() != 200) {
      root.write("sys/mounts/" + mount, Map.of("type", "pki", "config", Map.of("max_lease_ttl", "87600h")));
      root.write(mount + "/root/generate/internal", Map.of("common_name", mount + " test CA", "ttl", "8760h",
          "key_type", "ec"));
      root.write(mount + "/roles/any", Map.of("allow_any_name", true, "allow_ip_sans", true, "max_ttl", "24h",
          "key_type", "ec"));
    }
    Map<String, Object> req = new java.util.HashMap<>(Map.of("common_name", commonName, "ttl", "1h"));
    if (ip != null) {
      req.put("ip_sans", ip);
    }
    Map<String, Object> data = root.write(mount + "/issue/any", req).data();
    return new Issued((String) data.get("certificate"), (String) data.get("private_key"),
        (String) data.get("issuing_ca"));
  }

  private static HttpClient client(String trustedCa, Issued identity) throws Exception {
    return HttpClient.newBuilder().sslContext(sslContext(trustedCa, identity)).version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(java.time.Duration.ofSeconds(10)).build();
  }

  private static SSLContext sslContext(String trustedCa, Issued identity) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", Pem.parseCertificates(trustedCa, "ca").get(0));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = null;
    if (identity != null) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      PrivateKey key = Pem.parsePrivateKey(identity.key, "client key");
      List<X509Certificate> chain = Pem.parseCertificates(identity.certificate + "\n" + identity.ca, "client");
      ks.setKeyEntry("client", key, new char[0], chain.toArray(new X509Certificate[0]));
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, new char[0]);
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }

  private static HttpResponse<String> get(HttpClient c, String url) throws IOException, InterruptedException {
    return c.send(HttpRequest.newBuilder(URI.create(url)).timeout(java.time.Duration.ofSeconds(20)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
