package io.vaultlet.support;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The single redaction point. Every token and secret value the process learns is registered here, and every log line,
 * error message and status text passes through {@link #redact(String)} before it leaves the process.
 *
 * <p>Bounded: the oldest registrations are forgotten after {@value #CAPACITY} entries (values that rotated long ago).
 */
public final class Redactor {

  public static final String MASK = "[redacted]";
  static final int CAPACITY = 8192;
  /** Shorter values are not registered: masking "a" or "1" would make every log line unreadable. */
  static final int MIN_LENGTH = 4;

  private static final Map<String, Boolean> SECRETS = new LinkedHashMap<>(64, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > CAPACITY;
    }
  };

  /**
   * Identifiers that are public by design (AWS access key ids) even when they arrive as a secret's value: never masked,
   * so that rotation events can name the keys. Bounded like the secrets.
   */
  private static final Map<String, Boolean> PUBLIC = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > CAPACITY;
    }
  };

  private Redactor() {}

  /**
   * Declares {@code value} public by design, e.g. an AWS access key id (AWS: "the access key ID is not a secret"): it
   * is no longer masked, even when a template registered it as a value of a secret. Only for identifiers; never for a
   * credential.
   */
  public static void declarePublic(CharSequence value) {
    if (value == null || value.length() < MIN_LENGTH) {
      return;
    }
    synchronized (SECRETS) {
      SECRETS.remove(value.toString());
      PUBLIC.put(value.toString(), Boolean.TRUE);
    }
  }

  /** Registers a secret value so that it never appears in output. Null and very short values are ignored. */
  public static void register(CharSequence secret) {
    if (secret == null || secret.length() < MIN_LENGTH) {
      return;
    }
    synchronized (SECRETS) {
      if (!PUBLIC.containsKey(secret.toString())) {
        SECRETS.put(secret.toString(), Boolean.TRUE);
      }
    }
  }

  /** Returns {@code text} with every registered secret replaced by {@value #MASK}. */
  public static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    List<String> found = new ArrayList<>();
    synchronized (SECRETS) {
      for (String secret : SECRETS.keySet()) {
        if (text.contains(secret)) {
          found.add(secret);
        }
      }
    }
    // Longest first: masking a shorter secret inside a longer one first would leave the rest of the longer one.
    found.sort(Comparator.comparingInt(String::length).reversed());
    String out = text;
    for (String secret : found) {
      out = out.replace(secret, MASK);
    }
    return out;
  }

  /** For tests only: forget every registration. */
  static void clearForTests() {
    synchronized (SECRETS) {
      SECRETS.clear();
      PUBLIC.clear();
    }
  }
}
