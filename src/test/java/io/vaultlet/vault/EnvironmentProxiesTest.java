package io.vaultlet.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vaultlet.support.Redactor;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The proxy selection rules of Vault's Go client ({@code http.ProxyFromEnvironment}, {@code VAULT_PROXY_ADDR}). */
class EnvironmentProxiesTest {

  private static final String PROXY = "http://proxy.corp:3128";

  /** The proxy host:port chosen for {@code url}, or "direct". */
  private static String choice(Map<String, String> env, String url) {
    EnvironmentProxies.Choice c = EnvironmentProxies.of(env).choose(URI.create(url));
    return c == null ? "direct" : c.address().getHostString() + ":" + c.address().getPort();
  }

  @ParameterizedTest(name = "NO_PROXY={0}: {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      // no NO_PROXY: everything but loopback goes through the proxy
      "''                        | https://vault.corp:8200        | proxy.corp:3128",
      "''                        | https://10.1.2.3:8200          | proxy.corp:3128",
      // localhost and loopback never go through a proxy, whatever NO_PROXY says
      "''                        | https://localhost:8200         | direct",
      "''                        | https://127.0.0.1:8200         | direct",
      "''                        | https://127.9.9.9              | direct",
      "''                        | https://[::1]:8200             | direct",
      // ... but only the exact name localhost: other names are not resolved
      "''                        | https://vault.localhost:8200   | proxy.corp:3128",
      "''                        | https://LOCALHOST:8200         | proxy.corp:3128",
      // *
      "*                         | https://vault.corp:8200        | direct",
      "'a.com, *'                | https://10.1.2.3               | direct",
      // a domain matches itself and its subdomains
      "corp                      | https://vault.corp:8200        | direct",
      "vault.corp                | https://vault.corp:8200        | direct",
      "vault.corp                | https://a.vault.corp:8200      | direct",
      "vault.corp                | https://xvault.corp:8200       | proxy.corp:3128",
      "VAULT.CORP                | https://vault.corp:8200        | direct",
      "' vault.corp , other.org' | https://vault.corp:8200        | direct",
      // a leading dot or *. : subdomains only
      ".vault.corp               | https://vault.corp:8200        | proxy.corp:3128",
      ".vault.corp               | https://a.vault.corp:8200      | direct",
      "*.vault.corp              | https://vault.corp:8200        | proxy.corp:3128",
      "*.vault.corp              | https://a.vault.corp:8200      | direct",
      // ports: an entry with a port matches only that port (the scheme's default when the URL has none)
      "vault.corp:8200           | https://vault.corp:8200        | direct",
      "vault.corp:8200           | https://vault.corp:8201        | proxy.corp:3128",
      "vault.corp:443            | https://vault.corp             | direct",
      "vault.corp:80             | https://vault.corp             | proxy.corp:3128",
      // IPs and CIDRs match URLs written with an IP (no name is resolved)
      "10.1.2.3                  | https://10.1.2.3:8200          | direct",
      "10.1.2.3                  | https://10.1.2.4:8200          | proxy.corp:3128",
      "10.1.2.3:8200             | https://10.1.2.3:8200          | direct",
      "10.1.2.3:9999             | https://10.1.2.3:8200          | proxy.corp:3128",
      "10.0.0.0/8                | https://10.1.2.3:8200          | direct",
      "10.0.0.0/16               | https://10.1.2.3:8200          | proxy.corp:3128",
      "10.1.2.0/23               | https://10.1.3.3:8200          | direct",
      "10.0.0.0/8                | https://vault.corp:8200        | proxy.corp:3128",
      "fd00::/8                  | https://[fd00::2]:8200         | direct",
      "fd00::2                   | https://[fd00::2]:8200         | direct",
      "[fd00::2]:8200            | https://[fd00::2]:8200         | direct",
      "[fd00::2]:8201            | https://[fd00::2]:8200         | proxy.corp:3128",
      // malformed entries are ignored, the rest still count
      "':8200, vault.corp'       | https://vault.corp:8200        | direct",
      "':8200'                   | https://vault.corp:8200        | proxy.corp:3128",
      "'10.0.0.0/99'             | https://10.1.2.3:8200          | proxy.corp:3128",
  })
  void noProxyAndTheLoopbackRule(String noProxy, String url, String expected) {
    Map<String, String> env = Map.of("HTTPS_PROXY", PROXY, "NO_PROXY", noProxy);
    assertThat(choice(env, url)).isEqualTo(expected);
  }

  @Test
  void httpsUrlsUseHttpsProxyAndHttpUrlsHttpProxyWithoutFallingBack() {
    Map<String, String> both = Map.of("HTTPS_PROXY", "http://s.corp:1", "HTTP_PROXY", "http://p.corp:2");
    assertThat(choice(both, "https://vault.corp")).isEqualTo("s.corp:1");
    assertThat(choice(both, "http://vault.corp")).isEqualTo("p.corp:2");
    assertThat(choice(Map.of("HTTP_PROXY", "http://p.corp:2"), "https://vault.corp")).isEqualTo("direct");
    assertThat(choice(Map.of("HTTPS_PROXY", "http://s.corp:1"), "http://vault.corp")).isEqualTo("direct");
  }

  @Test
  void theUpperCaseNameWinsAndAnEmptyValueCountsAsUnset() {
    assertThat(choice(Map.of("HTTPS_PROXY", "http://upper:1", "https_proxy", "http://lower:2"), "https://v.corp"))
        .isEqualTo("upper:1");
    assertThat(choice(Map.of("HTTPS_PROXY", "", "https_proxy", "http://lower:2"), "https://v.corp"))
        .isEqualTo("lower:2");
    assertThat(choice(Map.of("http_proxy", "http://lower:2"), "http://v.corp")).isEqualTo("lower:2");
    assertThat(choice(Map.of("HTTPS_PROXY", PROXY, "NO_PROXY", "", "no_proxy", "v.corp"), "https://v.corp"))
        .isEqualTo("direct");
    assertThat(choice(Map.of("HTTPS_PROXY", PROXY, "NO_PROXY", "other.org", "no_proxy", "v.corp"),
        "https://v.corp")).isEqualTo("proxy.corp:3128");
  }

  @Test
  void aProxyWithoutSchemeIsHttpAndWithoutPortPort80() {
    assertThat(choice(Map.of("HTTPS_PROXY", "proxy.corp:3128"), "https://v.corp")).isEqualTo("proxy.corp:3128");
    assertThat(choice(Map.of("HTTPS_PROXY", "10.0.0.9:3128"), "https://v.corp")).isEqualTo("10.0.0.9:3128");
    assertThat(choice(Map.of("HTTPS_PROXY", "proxy.corp"), "https://v.corp")).isEqualTo("proxy.corp:80");
    assertThat(choice(Map.of("HTTPS_PROXY", "http://[fd00::9]:3128"), "https://v.corp")).isEqualTo("fd00::9:3128");
  }

  @Test
  void vaultProxyAddrIsUsedForEveryRequestLoopbackIncludedAndBeatsTheOthers() {
    Map<String, String> env = Map.of("VAULT_PROXY_ADDR", "http://vp.corp:1", "VAULT_HTTP_PROXY", "http://old:2",
        "HTTPS_PROXY", PROXY, "NO_PROXY", "*");
    assertThat(choice(env, "https://vault.corp")).isEqualTo("vp.corp:1");
    assertThat(choice(env, "http://127.0.0.1:8200")).isEqualTo("vp.corp:1");
    assertThat(choice(env, "https://localhost:8200")).isEqualTo("vp.corp:1");
    assertThat(choice(Map.of("VAULT_HTTP_PROXY", "http://old:2", "HTTPS_PROXY", PROXY), "https://vault.corp"))
        .isEqualTo("old:2");
    assertThat(choice(Map.of("VAULT_PROXY_ADDR", "", "VAULT_HTTP_PROXY", "http://old:2"), "https://v.corp"))
        .isEqualTo("old:2");
  }

  @Test
  void vaultProxyAddrMustBeAnHttpUrl() {
    assertThatThrownBy(() -> EnvironmentProxies.of(Map.of("VAULT_PROXY_ADDR", "proxy.corp:3128")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("VAULT_PROXY_ADDR");
  }

  @Test
  void httpsAndSocksProxiesAreRefusedNamingTheVariableNotTheCredentials() {
    assertThatThrownBy(() -> EnvironmentProxies.of(Map.of("HTTPS_PROXY", "https://u:pw-in-url@proxy.corp:3128")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HTTPS_PROXY").hasMessageContaining("https://")
        .hasMessageNotContaining("pw-in-url").hasMessageNotContaining("proxy.corp");
    assertThatThrownBy(() -> EnvironmentProxies.of(Map.of("http_proxy", "socks5://proxy.corp:1080")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http_proxy")
        .hasMessageContaining("socks5");
    assertThatThrownBy(() -> EnvironmentProxies.of(Map.of("VAULT_HTTP_PROXY", "https://proxy.corp")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("VAULT_HTTP_PROXY");
  }

  @Test
  void credentialsBecomeBasicProxyAuthorizationAndAreRedacted() {
    EnvironmentProxies p = EnvironmentProxies.of(Map.of("HTTPS_PROXY", "http://al%40ice:pa%3Ass-w0rd@proxy.corp:3128"));
    String expected = "Basic " + Base64.getEncoder().encodeToString("al@ice:pa:ss-w0rd".getBytes(
        StandardCharsets.UTF_8));
    assertThat(p.authorization(URI.create("https://vault.corp"))).isEqualTo(expected);
    assertThat(p.authorization(URI.create("https://127.0.0.1"))).isNull(); // not proxied: no credentials
    assertThat(Redactor.redact("failed with pa:ss-w0rd")).doesNotContain("pa:ss-w0rd");
    assertThat(Redactor.redact(expected)).doesNotContain(expected.substring(6));
    assertThat(p.choose(URI.create("https://vault.corp")).toString()).doesNotContain("Basic").contains("proxy.corp");
    assertThat(EnvironmentProxies.of(Map.of("HTTPS_PROXY", "http://bob@proxy.corp")).authorization(
        URI.create("https://vault.corp"))).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
        "bob:".getBytes(StandardCharsets.UTF_8)));
    assertThat(EnvironmentProxies.of(Map.of("HTTPS_PROXY", PROXY)).authorization(URI.create("https://v.corp")))
        .isNull();
  }

  @Test
  void asAProxySelectorItAnswersHttpProxyOrDirect() {
    EnvironmentProxies p = EnvironmentProxies.of(Map.of("HTTPS_PROXY", PROXY, "NO_PROXY", "direct.corp"));
    assertThat(p.fromEnvironment()).isTrue();
    List<Proxy> proxied = p.select(URI.create("https://vault.corp:8200"));
    assertThat(proxied).hasSize(1);
    assertThat(proxied.get(0).type()).isEqualTo(Proxy.Type.HTTP);
    assertThat(proxied.get(0).address().toString()).contains("proxy.corp").contains("3128");
    assertThat(p.select(URI.create("https://direct.corp"))).containsExactly(Proxy.NO_PROXY);
    assertThat(p.select(URI.create("http://vault.corp"))).containsExactly(Proxy.NO_PROXY);
  }

  @Test
  void withoutProxyVariablesTheJvmsSelectorDecides() {
    Map<String, String> env = new HashMap<>(Map.of("NO_PROXY", "vault.corp", "PATH", "/usr/bin"));
    EnvironmentProxies p = EnvironmentProxies.of(env);
    assertThat(p.fromEnvironment()).isFalse();
    assertThat(p.source()).contains("JVM");
    assertThat(p.authorization(URI.create("https://vault.corp"))).isNull();
    java.net.ProxySelector jvm = java.net.ProxySelector.getDefault();
    URI u = URI.create("https://elsewhere.corp:8200");
    assertThat(p.select(u)).isEqualTo(jvm == null ? List.of(Proxy.NO_PROXY) : jvm.select(u));
  }
}
