package io.vaultlet.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Where each known key belongs, to explain a key written in the wrong block ("belongs in 'auto_auth.method'"). */
final class KeyHomes {

  private static final Map<String, Set<String>> BLOCKS = new LinkedHashMap<>();

  static {
    BLOCKS.put("the top level", ConfigBinder.TOP_LEVEL_KEYS);
    BLOCKS.put("vault", ConfigBinder.VAULT_KEYS);
    BLOCKS.put("auto_auth", AutoAuthBinder.AUTO_AUTH_KEYS);
    BLOCKS.put("auto_auth.method", AutoAuthBinder.METHOD_KEYS);
    BLOCKS.put("auto_auth.sink", AutoAuthBinder.SINK_KEYS);
    BLOCKS.put("template", TemplateBinder.TEMPLATE_KEYS);
    BLOCKS.put("template.verify", RotationBinder.VERIFY_KEYS);
    BLOCKS.put("template.verify.tls", RotationBinder.TLS_KEYS);
    BLOCKS.put("template_config", TemplateBinder.TEMPLATE_CONFIG_KEYS);
    BLOCKS.put("exec", ConfigBinder.EXEC_KEYS);
  }

  private KeyHomes() {}

  /** {@code " ('wrap_ttl' belongs in 'auto_auth.method' or 'auto_auth.sink')"}, or empty when it belongs nowhere. */
  static String hint(String key, String currentPath) {
    List<String> homes = new ArrayList<>();
    BLOCKS.forEach((path, keys) -> {
      if (keys.contains(key) && !path.equals(currentPath) && !(currentPath.isEmpty() && path.equals("the top level"))) {
        homes.add(path.equals("the top level") ? path : "'" + path + "'");
      }
    });
    if (homes.isEmpty()) {
      return "";
    }
    return " ('" + key + "' belongs in " + String.join(" or ", homes) + ")";
  }
}
