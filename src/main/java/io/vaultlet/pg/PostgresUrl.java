package io.vaultlet.pg;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * A PostgreSQL connection string in the forms Vault's database plugin (lib/pq) takes, turned into a JDBC URL plus
 * connection properties: {@code postgres[ql]://user:password@host:port/db?sslmode=…}, a key/value DSN
 * ({@code host=… port=… dbname=… user=… password=… sslmode=…}, values optionally in single quotes), and, for Java
 * users, {@code jdbc:postgresql://…} (credentials in its query). The credentials become properties, never part of the
 * JDBC URL, so the URL can be shown.
 *
 * <p>Used by {@code verify { postgres }} (what the check connects with accepts exactly what Vault's plugin accepts)
 * and by the emulator's database engine, which substitutes Vault's {@code {{username}}} templating around it.
 *
 * @param jdbcUrl {@code jdbc:postgresql://host:port/db}, without credentials
 * @param properties {@code user}, {@code password} and {@code sslmode} when given
 */
public record PostgresUrl(String jdbcUrl, Properties properties) {

  /**
   * Parses {@code text}.
   *
   * @param setting names the setting in messages (e.g. {@code verify.postgres}, {@code connection_url})
   * @throws IllegalArgumentException naming the setting and what is wrong, never the credentials
   */
  public static PostgresUrl parse(String text, String setting) {
    return of(fields(text, setting));
  }

  /** The JDBC URL and properties of fields as {@link #fields} returns them (defaults: localhost:5432/postgres). */
  public static PostgresUrl of(Map<String, String> kv) {
    Properties props = new Properties();
    String user = kv.getOrDefault("user", "");
    String pass = kv.getOrDefault("password", "");
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
    String host = kv.getOrDefault("host", "localhost");
    String port = kv.getOrDefault("port", "5432");
    String db = kv.getOrDefault("dbname", "postgres");
    return new PostgresUrl("jdbc:postgresql://" + hostPart(host) + ":" + port + "/" + db, props);
  }

  /**
   * The connection's fields, by lib/pq's names: {@code user}, {@code password}, {@code host}, {@code port},
   * {@code dbname}, and every query parameter or DSN key (lower-cased), such as {@code sslmode}.
   *
   * @param setting names the setting in messages
   * @throws IllegalArgumentException naming the setting and what is wrong, never the credentials
   */
  public static Map<String, String> fields(String text, String setting) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(setting + " cannot be empty");
    }
    String t = text.trim();
    if (t.startsWith("jdbc:postgresql:")) {
      return fromUri(t.substring("jdbc:".length()), setting);
    } else if (t.startsWith("postgres://") || t.startsWith("postgresql://")) {
      return fromUri(t, setting);
    } else if (t.contains("=")) {
      return fromDsn(t);
    }
    throw new IllegalArgumentException(setting + " is neither a postgres:// URL nor a key=value DSN");
  }

  /** The JDBC URL only: the properties hold the password. */
  @Override
  public String toString() {
    return "PostgresUrl[" + jdbcUrl + "]";
  }

  /** A host for a URL: an IPv6 literal in brackets. */
  public static String hostPart(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  private static Map<String, String> fromUri(String text, String setting) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(setting + " is not a valid URL (check characters in the user or password)");
    }
    Map<String, String> kv = new LinkedHashMap<>();
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      kv.put("user", decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
      if (colon >= 0) {
        kv.put("password", decode(userInfo.substring(colon + 1)));
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
          kv.put(decode(pair.substring(0, eq)).toLowerCase(Locale.ROOT), decode(pair.substring(eq + 1)));
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
}
