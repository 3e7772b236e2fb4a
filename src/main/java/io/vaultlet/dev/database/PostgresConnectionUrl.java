package io.vaultlet.dev.database;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * A Vault {@code connection_url} for PostgreSQL, turned into a JDBC URL plus connection properties.
 *
 * <p>Accepted forms, as Vault's postgresql plugin (lib/pq) accepts them: {@code postgres[ql]://user:pass@host:port/db?sslmode=…},
 * a key/value DSN ({@code host=… port=… dbname=… user=… password=… sslmode=…}), and, for Java users, {@code jdbc:postgresql://…}.
 * {@code {{username}}} and {@code {{password}}} are substituted <em>after</em> parsing, so credentials containing
 * {@code @}, {@code :} or {@code /} need no escaping.
 */
public record PostgresConnectionUrl(String jdbcUrl, Properties properties) {

  /** A URL whose literal credentials were moved out into fields (so that reads never show the password). */
  record Templated(String connectionUrl, String username, String password) {}

  /**
   * When {@code template} carries a literal password, the same connection as a templated URL plus the credentials;
   * null when there is no literal password.
   */
  static Templated extractCredentials(String template) {
    Map<String, String> kv = fields(template);
    String pass = kv.get("password");
    if (pass == null || pass.isEmpty() || pass.contains("{{password}}")) {
      return null;
    }
    String url = "postgresql://{{username}}:{{password}}@" + hostPart(kv.getOrDefault("host", "localhost")) + ":"
        + kv.getOrDefault("port", "5432") + "/" + kv.getOrDefault("dbname", "postgres")
        + (kv.containsKey("sslmode") ? "?sslmode=" + kv.get("sslmode") : "");
    return new Templated(url, kv.getOrDefault("user", ""), pass);
  }

  private static String hostPart(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  private static Map<String, String> fields(String template) {
    if (template == null || template.isBlank()) {
      throw new IllegalArgumentException("connection_url cannot be empty");
    }
    String t = template.trim();
    if (t.startsWith("jdbc:postgresql:")) {
      return fromUri(t.substring("jdbc:".length()));
    } else if (t.startsWith("postgres://") || t.startsWith("postgresql://")) {
      return fromUri(t);
    } else if (t.contains("=")) {
      return fromDsn(t);
    }
    throw new IllegalArgumentException("connection_url is neither a postgres:// URL nor a key=value DSN");
  }

  /**
   * A finished URL (no {@code {{username}}} placeholders), in any of the accepted forms: what the template
   * {@code verify { postgres = … }} check connects with, so it accepts exactly what Vault's database plugin accepts.
   *
   * @throws IllegalArgumentException naming what is wrong, never the credentials
   */
  public static PostgresConnectionUrl parse(String url) {
    return parse(url, "", "");
  }

  static PostgresConnectionUrl parse(String template, String username, String password) {
    Map<String, String> kv = fields(template);
    Properties props = new Properties();
    String user = substitute(kv.getOrDefault("user", ""), username, password);
    String pass = substitute(kv.getOrDefault("password", ""), username, password);
    if (!user.isEmpty()) {
      props.setProperty("user", user);
    }
    if (!pass.isEmpty()) {
      props.setProperty("password", pass);
    }
    String sslmode = kv.get("sslmode");
    if (sslmode != null) {
      props.setProperty("sslmode", sslmode);
    }
    props.setProperty("connectTimeout", "10");
    String host = kv.getOrDefault("host", "localhost");
    String port = kv.getOrDefault("port", "5432");
    String db = kv.getOrDefault("dbname", "postgres");
    return new PostgresConnectionUrl("jdbc:postgresql://" + hostPart(host) + ":" + port + "/" + db, props);
  }

  private static String substitute(String value, String username, String password) {
    return value.replace("{{username}}", username == null ? "" : username)
        .replace("{{password}}", password == null ? "" : password);
  }

  private static Map<String, String> fromUri(String text) {
    // The userinfo may hold the literal templates; protect their braces from URI parsing.
    String safe = text.replace("{{username}}", "__VL_USER__").replace("{{password}}", "__VL_PASS__");
    URI uri;
    try {
      uri = new URI(safe);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("connection_url is not a valid URL (check characters in the user or password)");
    }
    Map<String, String> kv = new LinkedHashMap<>();
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      kv.put("user", restore(decode(colon < 0 ? userInfo : userInfo.substring(0, colon))));
      if (colon >= 0) {
        kv.put("password", restore(decode(userInfo.substring(colon + 1))));
      }
    }
    if (uri.getHost() != null) {
      kv.put("host", uri.getHost());
    }
    if (uri.getPort() > 0) {
      kv.put("port", Integer.toString(uri.getPort()));
    }
    String path = uri.getPath();
    if (path != null && path.length() > 1) {
      kv.put("dbname", path.substring(1));
    }
    String query = uri.getRawQuery();
    if (query != null) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          kv.put(decode(pair.substring(0, eq)).toLowerCase(Locale.ROOT), restore(decode(pair.substring(eq + 1))));
        }
      }
    }
    return kv;
  }

  private static Map<String, String> fromDsn(String text) {
    Map<String, String> kv = new LinkedHashMap<>();
    for (String part : text.trim().split("\\s+")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        String value = part.substring(eq + 1);
        if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
          value = value.substring(1, value.length() - 1);
        }
        kv.put(part.substring(0, eq).toLowerCase(Locale.ROOT), value);
      }
    }
    return kv;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String restore(String s) {
    return s.replace("__VL_USER__", "{{username}}").replace("__VL_PASS__", "{{password}}");
  }
}
