package io.vaultlet.template;

import io.vaultlet.support.Redactor;
import io.vaultlet.template.gotmpl.GoFormat;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The secret text inside values fetched from Vault, for redaction: every leaf of {@code .Data} (recursively, so KV v2
 * values nested under {@code data} count), each top-level {@code .Data} value as Go's {@code %v} prints it (what
 * consul-template redacts), the auth and wrapping tokens, and a {@code pkiCert}'s private key.
 */
final class SecretValues {

  /** Shorter strings are not masked in error text: masking "1" or "ok" would garble the message, not protect it. */
  static final int MIN_LENGTH = 3;

  private SecretValues() {}

  static Set<String> of(Object value) {
    Set<String> out = new LinkedHashSet<>();
    if (value instanceof Secret s) {
      if (s.data() != null) {
        for (Object v : s.data().values()) {
          add(out, v instanceof String str ? str : GoFormat.formatValue(v));
          leaves(out, v);
        }
      }
      if (s.auth() != null) {
        add(out, s.auth().clientToken());
      }
      if (s.wrapInfo() != null) {
        add(out, s.wrapInfo().token());
      }
    } else if (value instanceof PemEncoded p) {
      add(out, p.key());
      for (String line : p.key().split("\n")) {
        if (!line.startsWith("-----")) {
          add(out, line.strip());
        }
      }
    }
    return out;
  }

  static void registerAll(Object value) {
    for (String s : of(value)) {
      Redactor.register(s);
    }
  }

  /** Replaces every secret value of {@code values} in {@code text}, longest first. */
  static String redact(String text, Collection<Object> values) {
    Set<String> secrets = new LinkedHashSet<>();
    for (Object v : values) {
      secrets.addAll(of(v));
    }
    List<String> ordered = secrets.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    String out = text;
    for (String s : ordered) {
      out = out.replace(s, Redactor.MASK);
    }
    return Redactor.redact(out);
  }

  private static void leaves(Set<String> out, Object v) {
    if (v instanceof Map<?, ?> m) {
      for (Object x : m.values()) {
        leaves(out, x);
      }
    } else if (v instanceof List<?> l) {
      for (Object x : l) {
        leaves(out, x);
      }
    } else if (v instanceof String s) {
      add(out, s);
    } else if (v instanceof Number || v instanceof Boolean) {
      // numbers and booleans are not masked: they collide with line and column numbers in the message
    }
  }

  private static void add(Set<String> out, String s) {
    if (s != null && s.length() >= MIN_LENGTH) {
      out.add(s);
    }
  }
}
