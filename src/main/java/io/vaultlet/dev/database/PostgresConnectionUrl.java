package io.vaultlet.dev.database;

import io.vaultlet.pg.PostgresUrl;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A Vault {@code connection_url} for PostgreSQL, turned into a JDBC URL plus connection properties.
 *
 * <p>The forms are those of {@link PostgresUrl} (what Vault's postgresql plugin, lib/pq, accepts). On top of it, this
 * is Vault's server-side templating: {@code {{username}}} and {@code {{password}}} are substituted <em>after</em>
 * parsing, so credentials containing {@code @}, {@code :} or {@code /} need no escaping.
 */
record PostgresConnectionUrl(String jdbcUrl, Properties properties) {

  private static final String SETTING = "connection_url";
  private static final String USER_MARK = "__VL_USER__";
  private static final String PASS_MARK = "__VL_PASS__";

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
    String url = "postgresql://{{username}}:{{password}}@" + PostgresUrl.hostPart(kv.getOrDefault("host", "localhost"))
        + ":" + kv.getOrDefault("port", "5432") + "/" + kv.getOrDefault("dbname", "postgres")
        + (kv.containsKey("sslmode") ? "?sslmode=" + kv.get("sslmode") : "");
    return new Templated(url, kv.getOrDefault("user", ""), pass);
  }

  /** The connection of {@code template} with {@code {{username}}} and {@code {{password}}} substituted. */
  static PostgresConnectionUrl parse(String template, String username, String password) {
    Map<String, String> kv = new LinkedHashMap<>(fields(template));
    kv.replaceAll((k, v) -> substitute(v, username, password));
    PostgresUrl url = PostgresUrl.of(kv);
    Properties props = url.properties();
    props.setProperty("connectTimeout", "10");
    return new PostgresConnectionUrl(url.jdbcUrl(), props);
  }

  /** The JDBC URL only: the properties hold the password. */
  @Override
  public String toString() {
    return "PostgresConnectionUrl[" + jdbcUrl + "]";
  }

  /** The fields, with the templates kept literally (their braces are protected from URL parsing). */
  private static Map<String, String> fields(String template) {
    String safe = template == null ? null
        : template.replace("{{username}}", USER_MARK).replace("{{password}}", PASS_MARK);
    Map<String, String> kv = new LinkedHashMap<>(PostgresUrl.fields(safe, SETTING));
    kv.replaceAll((k, v) -> v.replace(USER_MARK, "{{username}}").replace(PASS_MARK, "{{password}}"));
    return kv;
  }

  private static String substitute(String value, String username, String password) {
    return value.replace("{{username}}", username == null ? "" : username)
        .replace("{{password}}", password == null ? "" : password);
  }
}
