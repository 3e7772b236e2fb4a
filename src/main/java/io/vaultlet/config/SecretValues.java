package io.vaultlet.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which configuration values are secrets: values of secret-named keys in free-form maps ({@code secret_id},
 * {@code token}, {@code password}, {@code private_key}, {@code session_token}, {@code secret_key} …), and, anywhere,
 * values that look like a secret (a PEM private key, e.g. inline {@code client_key} contents, or a Vault token).
 * A key such as {@code client_key} usually holds a file path, which is not a secret and stays readable.
 */
public final class SecretValues {

  /** Key fragments that mark a value as secret. */
  private static final List<String> SECRET_KEY_PARTS = List.of(
      "token", "secret", "password", "passwd", "passphrase", "private_key", "privatekey", "access_key",
      "credential", "jwt", "api_key", "apikey");

  /** Key endings that name a file, variable or switch rather than hold the secret itself. */
  private static final List<String> REFERENCE_SUFFIXES = List.of(
      "_path", "_file", "_file_path", "_env", "_env_var", "_dir", "_ttl", "_period", "_header", "_name",
      "_after_reading", "_exp", "_endpoint");

  private static final Pattern VAULT_TOKEN = Pattern.compile("^(hv[sbr]|[sbr])\\.[A-Za-z0-9_-]{20,}$");

  private SecretValues() {}

  /** True when a value stored under {@code key} in a free-form map is a secret. */
  public static boolean isSecretKey(String key) {
    String k = key.toLowerCase(Locale.ROOT).replace('-', '_');
    for (String suffix : REFERENCE_SUFFIXES) {
      if (k.endsWith(suffix)) {
        return false;
      }
    }
    for (String part : SECRET_KEY_PARTS) {
      if (k.contains(part)) {
        return true;
      }
    }
    return false;
  }

  /** True when {@code value} looks like a secret whatever its key: PEM private key material or a Vault token. */
  public static boolean looksSecret(String value) {
    String v = value.trim();
    return (v.contains("-----BEGIN") && v.contains("PRIVATE KEY")) || VAULT_TOKEN.matcher(v).matches();
  }

  /** Every secret string in {@code config}, for {@link io.vaultlet.support.Redactor#register}. */
  public static List<String> in(AgentConfig config) {
    List<String> out = new ArrayList<>();
    config.autoAuth().ifPresent(a -> {
      collect(a.method().config().values(), false, out);
      a.sinks().forEach(s -> collect(s.config().values(), false, out));
    });
    config.listeners().forEach(l -> collect(l.settings().values(), false, out));
    config.telemetry().ifPresent(t -> collect(t.settings().values(), false, out));
    config.templates().forEach(t -> t.contents().filter(SecretValues::looksSecret).ifPresent(out::add));
    config.envTemplates().forEach(t -> t.contents().filter(SecretValues::looksSecret).ifPresent(out::add));
    return out;
  }

  private static void collect(Object value, boolean secretKey, List<String> out) {
    if (value instanceof String s) {
      if (secretKey || looksSecret(s)) {
        out.add(s);
      }
    } else if (value instanceof List<?> list) {
      list.forEach(v -> collect(v, secretKey, out));
    } else if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> collect(v, secretKey || isSecretKey(String.valueOf(k)), out));
    }
  }
}
