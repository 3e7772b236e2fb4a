package io.vaultlet.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The single redaction point. Every token and secret value the process learns is registered here, and every log line,
 * error message and status text passes through {@link #redact(String)} before it leaves the process.
 *
 * <p>The rules for what in a secret's data is secret live here, once ({@link #registerTree}, {@link #registerPem}):
 * every string leaf, but not {@code true}/{@code false}, numbers, the {@linkplain #PUBLIC_FIELDS public fields} of a
 * certificate, or a string that is only certificates; a PEM private key always, whole, as Go and JSON quote it and
 * line by line.
 *
 * <p>Bounded: the oldest registrations are forgotten after {@value #CAPACITY} entries (values that rotated long ago).
 */
public final class Redactor {

  public static final String MASK = "[redacted]";
  static final int CAPACITY = 8192;
  /** Shorter values are not registered: masking "a" or "1" would make every log line unreadable. */
  public static final int MIN_LENGTH = 4;

  /**
   * Keys whose values are public even inside a secret: a certificate, its issuer and chain are sent in every TLS
   * handshake, and its serial number is printed by every tool (logged by Vault Agent users, shown in rotation events).
   * The private key next to them is always secret.
   */
  public static final Set<String> PUBLIC_FIELDS = Set.of("certificate", "issuing_ca", "ca_chain", "serial_number");

  /** The key filter of a secret's data: everything but {@link #PUBLIC_FIELDS}. */
  public static final Predicate<String> SECRET_FIELDS = key -> !PUBLIC_FIELDS.contains(key);

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

  /**
   * Registers the secret strings of {@code data} (a secret's data as Jackson's tree, or as maps, lists and strings)
   * under one lock: every string leaf whose keys on the way pass {@code secretKey}, except {@code true}/{@code false}
   * and strings made only of certificates; a string holding a PEM private key as {@link #registerPem} does; a
   * multi-line string also as Go and JSON quote it ({@code \n}), so an error quoting it is masked whole.
   *
   * @param secretKey which map keys hold secrets; {@link #SECRET_FIELDS} for a secret's data
   */
  public static void registerTree(Object data, Predicate<String> secretKey) {
    Set<String> found = new LinkedHashSet<>();
    collect(data, secretKey, found);
    registerAll(found);
  }

  /** Registers a PEM private key (or a bundle holding one): whole, {@code \n}-escaped, and each line of its body. */
  public static void registerPem(String pem) {
    Set<String> found = new LinkedHashSet<>();
    pem(pem, found);
    registerAll(found);
  }

  /**
   * The strings {@link #registerTree} would register for {@code data}, without registering them: for a redaction
   * limited to some values (the dependencies of one template).
   */
  public static Set<String> secretsIn(Object data, Predicate<String> secretKey) {
    Set<String> found = new LinkedHashSet<>();
    collect(data, secretKey, found);
    return found;
  }

  private static void registerAll(Collection<String> values) {
    synchronized (SECRETS) {
      for (String v : values) {
        if (!PUBLIC.containsKey(v)) {
          SECRETS.put(v, Boolean.TRUE);
        }
      }
    }
  }

  private static void collect(Object data, Predicate<String> secretKey, Set<String> out) {
    if (data instanceof JsonNode n) {
      if (n.isTextual()) {
        leaf(n.asText(), out);
      } else if (n.isObject()) {
        n.fields().forEachRemaining(e -> {
          if (secretKey.test(e.getKey())) {
            collect(e.getValue(), secretKey, out);
          }
        });
      } else if (n.isArray()) {
        n.forEach(x -> collect(x, secretKey, out));
      }
    } else if (data instanceof CharSequence s) {
      leaf(s.toString(), out);
    } else if (data instanceof Map<?, ?> m) {
      m.forEach((k, v) -> {
        if (secretKey.test(String.valueOf(k))) {
          collect(v, secretKey, out);
        }
      });
    } else if (data instanceof Collection<?> c) {
      c.forEach(x -> collect(x, secretKey, out));
    }
    // numbers and booleans are not secrets worth masking: they collide with every count and line number
  }

  private static void leaf(String s, Set<String> out) {
    if (s.length() < MIN_LENGTH || s.equals("true") || s.equals("false")) {
      return;
    }
    if (s.contains("PRIVATE KEY-----")) {
      pem(s, out);
    } else if (!s.strip().startsWith("-----BEGIN CERTIFICATE")) {
      out.add(s);
      if (s.indexOf('\n') >= 0) {
        out.add(s.strip().replace("\n", "\\n"));
      }
    }
  }

  private static void pem(String keyPem, Set<String> out) {
    if (keyPem == null) {
      return;
    }
    String pem = keyPem.strip();
    if (pem.length() < MIN_LENGTH) {
      return;
    }
    out.add(pem);
    out.add(pem.replace("\n", "\\n"));
    boolean inKey = !pem.contains("-----BEGIN"); // a bare body: every line is the key's
    for (String line : pem.split("\n")) {
      String l = line.strip();
      if (l.startsWith("-----BEGIN")) {
        inKey = l.contains("PRIVATE KEY");
      } else if (l.startsWith("-----END")) {
        inKey = false;
      } else if (inKey && l.length() >= MIN_LENGTH) {
        out.add(l);
      }
    }
  }

  /** Returns {@code text} with every registered secret replaced by {@value #MASK}. */
  public static String redact(String text) {
    return redact(text, List.of());
  }

  /**
   * Returns {@code text} with every registered secret and every one of {@code values} (but values declared public and
   * values shorter than {@value #MIN_LENGTH}) replaced by {@value #MASK}, in one pass, longest first.
   */
  public static String redact(String text, Collection<String> values) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    Set<String> found = new LinkedHashSet<>();
    synchronized (SECRETS) {
      for (String secret : SECRETS.keySet()) {
        if (text.contains(secret)) {
          found.add(secret);
        }
      }
      for (String v : values) {
        if (v != null && v.length() >= MIN_LENGTH && !PUBLIC.containsKey(v) && text.contains(v)) {
          found.add(v);
        }
      }
    }
    // Longest first: masking a shorter secret inside a longer one first would leave the rest of the longer one.
    List<String> ordered = new ArrayList<>(found);
    ordered.sort(Comparator.comparingInt(String::length).reversed());
    String out = text;
    for (String secret : ordered) {
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
