package io.vaultlet.vault;

import io.vaultlet.support.Redactor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The proxy for a request to Vault, chosen from the environment as Vault's Go client chooses it.
 *
 * <ul>
 *   <li>{@code VAULT_PROXY_ADDR} (or the deprecated {@code VAULT_HTTP_PROXY}; {@code VAULT_PROXY_ADDR} wins) is the
 *       proxy for <em>every</em> request, loopback included, no {@code NO_PROXY} ({@code http.ProxyURL}).
 *   <li>Otherwise Go's {@code http.ProxyFromEnvironment}: {@code HTTPS_PROXY} (else {@code https_proxy}) for https
 *       URLs, {@code HTTP_PROXY} (else {@code http_proxy}) for http URLs — the upper-case name wins when both are
 *       set, an empty value counts as unset, an https URL never falls back to {@code HTTP_PROXY}. A value without a
 *       scheme means {@code http://}. {@code localhost} and loopback IPs never go through a proxy; {@code NO_PROXY}
 *       (else {@code no_proxy}) lists what else does not ({@link NoProxy}).
 *   <li>When none of those proxy variables is set, the JVM's selector ({@code -Dhttps.proxyHost} …) decides.
 * </ul>
 *
 * <p>HTTP proxies only: an {@code https://} or {@code socks5://} proxy URL is refused when this is built (Go would
 * speak TLS or SOCKS to it). Credentials in the proxy URL ({@code http://user:pass@proxy:3128}) become
 * {@code Proxy-Authorization: Basic}; they are registered with the {@link Redactor} and never part of a message.
 */
public final class EnvironmentProxies extends ProxySelector {

  /**
   * One proxy: where it is, the {@code Proxy-Authorization} value and the credentials it holds (all three null
   * without credentials).
   */
  record Choice(InetSocketAddress address, String authorization, String user, String password) {
    Choice(InetSocketAddress address, String authorization) {
      this(address, authorization, null, null);
    }

    @Override
    public String toString() {
      return "Choice[" + address.getHostString() + ":" + address.getPort() + "]";
    }
  }

  private static volatile EnvironmentProxies system;

  /** Set for every request (VAULT_PROXY_ADDR / VAULT_HTTP_PROXY), else null. */
  private final Choice fixed;
  private final Choice http;
  private final Choice https;
  /** True when any proxy variable is set: the environment decides, not the JVM. */
  private final boolean fromEnvironment;
  private final String source;
  private final NoProxy noProxy;

  private EnvironmentProxies(Choice fixed, Choice http, Choice https, String source, NoProxy noProxy) {
    this.fixed = fixed;
    this.http = http;
    this.https = https;
    this.fromEnvironment = fixed != null || http != null || https != null;
    this.source = source;
    this.noProxy = noProxy;
  }

  /**
   * The process's environment, read once (as Go reads it once per process).
   *
   * @throws IOException when a proxy variable is not a usable http proxy URL (it names the variable)
   */
  public static EnvironmentProxies system() throws IOException {
    EnvironmentProxies s = system;
    if (s == null) {
      synchronized (EnvironmentProxies.class) {
        s = system;
        if (s == null) {
          try {
            s = of(System.getenv());
          } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage());
          }
          if (s.fromEnvironment()) {
            io.vaultlet.support.Log.named("vault.client").info("requests to Vault take the proxy the environment "
                + "names", "variables", s.source(), "no_proxy", s.noProxy.describe());
          }
          system = s;
        }
      }
    }
    return s;
  }

  /**
   * The proxies {@code env} names.
   *
   * @throws IllegalArgumentException when a proxy variable is not a usable http proxy URL (the message names the
   *     variable, never the credentials)
   */
  public static EnvironmentProxies of(Map<String, String> env) {
    String vaultName = set(env, "VAULT_PROXY_ADDR") ? "VAULT_PROXY_ADDR"
        : set(env, "VAULT_HTTP_PROXY") ? "VAULT_HTTP_PROXY" : null;
    if (vaultName != null) {
      Choice fixed = parse(vaultName, env.get(vaultName), false);
      return new EnvironmentProxies(fixed, null, null, vaultName, NoProxy.parse(null));
    }
    String httpName = first(env, "HTTP_PROXY", "http_proxy");
    String httpsName = first(env, "HTTPS_PROXY", "https_proxy");
    String noName = first(env, "NO_PROXY", "no_proxy");
    Choice http = httpName == null ? null : parse(httpName, env.get(httpName), true);
    Choice https = httpsName == null ? null : parse(httpsName, env.get(httpsName), true);
    String source = httpsName != null && httpName != null ? httpsName + "/" + httpName
        : httpsName != null ? httpsName : httpName;
    return new EnvironmentProxies(null, http, https, source, NoProxy.parse(noName == null ? null : env.get(noName)));
  }

  /**
   * Lets the JDK's HTTP client (the API proxy's forwarder) answer a proxy's Basic challenge on a {@code CONNECT}: the
   * JDK bans Basic there by default ({@code jdk.http.auth.tunneling.disabledSchemes=Basic}) and reads that property
   * once, when its HTTP client is first loaded — so this runs first thing in {@code main}. Only when a proxy variable
   * of {@code env} carries credentials, and never over the operator's own setting of the property.
   */
  public static void prepareJdk(Map<String, String> env) {
    boolean credentials;
    try {
      credentials = of(env).authenticator() != null;
    } catch (IllegalArgumentException e) {
      return; // reported when the client to Vault is built
    }
    if (credentials && System.getProperty("jdk.http.auth.tunneling.disabledSchemes") == null) {
      System.setProperty("jdk.http.auth.tunneling.disabledSchemes", "");
    }
  }

  /** Whether the environment names a proxy (else the JVM's selector decides). */
  public boolean fromEnvironment() {
    return fromEnvironment;
  }

  /** The variables in charge, for a log line (no values). */
  public String source() {
    return fromEnvironment ? source : "the JVM's proxy settings";
  }

  /**
   * The environment's proxy for {@code uri}, or null for a direct connection. Only meaningful when
   * {@link #fromEnvironment()}.
   */
  Choice choose(URI uri) {
    if (fixed != null) {
      return fixed;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    Choice proxy = scheme.equals("https") ? https : scheme.equals("http") ? http : null;
    if (proxy == null || !noProxy.useProxy(uri, scheme)) {
      return null;
    }
    return proxy;
  }

  /** The {@code Proxy-Authorization} value for a request to {@code uri}, or null. */
  String authorization(URI uri) {
    if (!fromEnvironment) {
      return null;
    }
    Choice c = choose(uri);
    return c == null ? null : c.authorization();
  }

  /**
   * For the JDK's {@code HttpClient} (the API proxy's forwarder), which does not send a caller's
   * {@code Proxy-Authorization} on a {@code CONNECT}: the proxy URL's credentials when that proxy asks (407), for
   * proxy requests only; null when no proxy of the environment has credentials.
   */
  java.net.Authenticator authenticator() {
    List<Choice> withCredentials = new ArrayList<>();
    for (Choice c : new Choice[] {fixed, http, https}) {
      if (c != null && c.user() != null) {
        withCredentials.add(c);
      }
    }
    if (withCredentials.isEmpty()) {
      return null;
    }
    return new java.net.Authenticator() {
      @Override
      protected java.net.PasswordAuthentication getPasswordAuthentication() {
        if (getRequestorType() != RequestorType.PROXY) {
          return null;
        }
        for (Choice c : withCredentials) {
          if (c.address().getPort() == getRequestingPort()
              && c.address().getHostString().equalsIgnoreCase(getRequestingHost())) {
            return new java.net.PasswordAuthentication(c.user(), c.password().toCharArray());
          }
        }
        return null;
      }
    };
  }

  @Override
  public List<Proxy> select(URI uri) {
    if (uri == null) {
      throw new IllegalArgumentException("uri must not be null");
    }
    if (!fromEnvironment) {
      ProxySelector jvm = ProxySelector.getDefault();
      return jvm == null ? List.of(Proxy.NO_PROXY) : jvm.select(uri);
    }
    Choice c = choose(uri);
    return c == null ? List.of(Proxy.NO_PROXY) : List.of(new Proxy(Proxy.Type.HTTP, c.address()));
  }

  @Override
  public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
    // nothing to learn: the environment's choice stays
  }


  // ---- the proxy URL ----

  /**
   * Parses a proxy variable's value. {@code lenient}: Go's {@code ProxyFromEnvironment}, where a value that is not an
   * http(s)/socks5 URL is tried again with {@code http://} in front; the {@code VAULT_*} variables take a URL as is.
   */
  private static Choice parse(String name, String value, boolean lenient) {
    String v = value.trim();
    URI uri = tryParse(v);
    String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (lenient && !(scheme.equals("http") || scheme.equals("https") || scheme.equals("socks5"))) {
      URI again = tryParse("http://" + v);
      if (again != null) {
        uri = again;
        scheme = "http";
      }
    }
    if (uri == null) {
      throw new IllegalArgumentException(name + " is not a valid proxy URL (expected http://[user:password@]host"
          + "[:port])");
    }
    if (scheme.equals("https") || scheme.equals("socks5") || scheme.equals("socks5h")) {
      throw new IllegalArgumentException(name + " names an " + scheme + ":// proxy; vaultlet speaks only to http:// "
          + "proxies (https Vault addresses are still tunnelled with CONNECT, so TLS stays end to end to Vault)");
    }
    if (!scheme.equals("http")) {
      throw new IllegalArgumentException(name + " must be an http:// proxy URL such as http://proxy.internal:3128"
          + (scheme.isEmpty() ? "" : ", not " + scheme + "://"));
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException(name + " has no proxy host (expected http://[user:password@]host[:port])");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = uri.getPort() >= 0 ? uri.getPort() : 80;
    String raw = uri.getRawUserInfo();
    if (raw == null) {
      return new Choice(InetSocketAddress.createUnresolved(host, port), null);
    }
    int colon = raw.indexOf(':');
    String user = unescape(colon < 0 ? raw : raw.substring(0, colon));
    String password = colon < 0 ? "" : unescape(raw.substring(colon + 1));
    return new Choice(InetSocketAddress.createUnresolved(host, port), authorization(user, password), user, password);
  }

  private static URI tryParse(String v) {
    try {
      URI u = new URI(v);
      return u.isOpaque() ? null : u;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** {@code Basic base64(user:password)}, the parts percent-decoded from the URL's user info (Go's url.User). */
  private static String authorization(String user, String password) {
    Redactor.register(password);
    String value = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
        .getBytes(StandardCharsets.UTF_8));
    Redactor.register(value.substring("Basic ".length()));
    return value;
  }

  private static String unescape(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0
          && Character.digit(s.charAt(i + 2), 16) >= 0) {
        out.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static boolean set(Map<String, String> env, String name) {
    String v = env.get(name);
    return v != null && !v.isEmpty();
  }

  private static String first(Map<String, String> env, String upper, String lower) {
    return set(env, upper) ? upper : set(env, lower) ? lower : null;
  }
}
