package io.vaultlet.support;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
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

  /**
   * Masks, in {@code text}, every run of at least {@value #MIN_LENGTH} characters that also occurs somewhere in one of
   * {@code values}, and every whole, quoted ({@code "v"} or {@code 'v'}) occurrence of a shorter value. For error
   * messages that may quote a value they were given, whole or in part: a quote may hold the value, a prefix, a suffix
   * or a middle part of it (Go's {@code time.Parse} quotes the unparsed rest). Adjacent masked runs become one
   * {@value #MASK}. Runs are found by their {@value #MIN_LENGTH}-character pieces, so text made of pieces that occur
   * in a value at different places is masked too: over-masking is the safe side.
   *
   * <p>Cost: linear in the text and the values' total length, memory linear in the text.
   */
  public static String maskShared(String text, Collection<String> values) {
    if (text == null || text.length() == 0 || values.isEmpty()) {
      return text;
    }
    boolean[] masked = new boolean[text.length()];
    Map<Long, List<Integer>> grams = new HashMap<>();
    for (int i = 0; i + MIN_LENGTH <= text.length(); i++) {
      grams.computeIfAbsent(pack(text, i), k -> new ArrayList<>(1)).add(i);
    }
    for (String v : values) {
      if (v == null || v.isEmpty()) {
        continue;
      }
      if (v.length() < MIN_LENGTH) {
        maskQuoted(text, v, '"', masked);
        maskQuoted(text, v, '\'', masked);
        continue;
      }
      long g = 0;
      for (int j = 0; j < v.length(); j++) {
        g = (g << 16) | v.charAt(j);
        if (j + 1 >= MIN_LENGTH) {
          List<Integer> at = grams.get(g);
          if (at != null) {
            for (int i : at) {
              java.util.Arrays.fill(masked, i, i + MIN_LENGTH, true);
            }
          }
        }
      }
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      if (!masked[i]) {
        out.append(text.charAt(i));
      } else if (i == 0 || !masked[i - 1]) {
        out.append(MASK);
      }
    }
    return out.toString();
  }

  /** Four UTF-16 units in one long: the key of a {@value #MIN_LENGTH}-character piece. */
  private static long pack(String s, int at) {
    long g = 0;
    for (int k = 0; k < MIN_LENGTH; k++) {
      g = (g << 16) | s.charAt(at + k);
    }
    return g;
  }

  private static void maskQuoted(String text, String v, char quote, boolean[] masked) {
    String q = quote + v + quote;
    for (int i = text.indexOf(q); i >= 0; i = text.indexOf(q, i + 1)) {
      java.util.Arrays.fill(masked, i + 1, i + 1 + v.length(), true);
    }
  }

  /** For tests only: forget every registration. */
  static void clearForTests() {
    synchronized (SECRETS) {
      SECRETS.clear();
      PUBLIC.clear();
    }
  }
}
