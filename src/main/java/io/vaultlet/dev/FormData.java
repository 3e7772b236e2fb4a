package io.vaultlet.dev;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code application/x-www-form-urlencoded} bodies and query strings; repeated fields joined with {@code ,}. */
public final class FormData {

  private FormData() {}

  static String encode(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The fields of a form or query string ({@code a=1&b=2}), percent-decoded, in order. */
  public static Map<String, Object> parse(String text) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String pair : text.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.merge(k, v, (a, b) -> a + "," + b);
    }
    return out;
  }
}
