package io.vaultlet.config;

import io.vaultlet.config.hcl.Item;
import io.vaultlet.config.hcl.ListNode;
import io.vaultlet.config.hcl.LiteralNode;
import io.vaultlet.config.hcl.Node;
import io.vaultlet.config.hcl.ObjectNode;
import io.vaultlet.config.hcl.Position;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A free-form {@code config { … }} map (auth method, sink, listener), kept as written with the position of every
 * entry, so that the code that reads a key can report {@code file:line:col} for a bad value.
 *
 * <p>Values are {@link String}, {@link Long}, {@link Double}, {@link Boolean}, {@code List<Object>} or
 * {@code Map<String, Object>} (nested blocks). A key written twice keeps both values as a list, like HCL1.
 *
 * <p>The typed getters never put the value into an error message: these maps hold secrets ({@code secret_id},
 * {@code token}, {@code password}).
 *
 * @param position where the map starts (or where the block starts, when it has no {@code config})
 * @param name the map's path in the configuration, for messages, e.g. {@code auto_auth.method.config}
 */
public record FreeformMap(Position position, String name, Map<String, Entry> entries) {

  /** One key's value and where it was written. */
  public record Entry(Position position, Object value) {}

  public FreeformMap {
    entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
  }

  /** The items of an HCL object body, converted to plain values. A repeated key keeps every value, as a list. */
  static FreeformMap of(Position position, String name, ObjectNode body) {
    Map<String, List<Object>> values = new LinkedHashMap<>();
    Map<String, Position> positions = new LinkedHashMap<>();
    for (Item it : body.items()) {
      values.computeIfAbsent(it.name(), k -> new ArrayList<>()).add(plain(it.value()));
      positions.putIfAbsent(it.name(), it.position());
    }
    Map<String, Entry> entries = new LinkedHashMap<>();
    values.forEach((key, list) -> entries.put(key, new Entry(positions.get(key), collapse(list))));
    return new FreeformMap(position, name, entries);
  }

  private static Object plain(Node node) {
    if (node instanceof LiteralNode lit) {
      return lit.value();
    }
    if (node instanceof ListNode list) {
      return list.elements().stream().map(FreeformMap::plain).toList();
    }
    Map<String, List<Object>> values = new LinkedHashMap<>();
    for (Item it : ((ObjectNode) node).items()) {
      values.computeIfAbsent(it.name(), k -> new ArrayList<>()).add(plain(it.value()));
    }
    Map<String, Object> map = new LinkedHashMap<>();
    values.forEach((key, list) -> map.put(key, collapse(list)));
    return Collections.unmodifiableMap(map);
  }

  private static Object collapse(List<Object> values) {
    return values.size() == 1 ? values.get(0) : List.copyOf(values);
  }

  public static FreeformMap empty(Position position, String name) {
    return new FreeformMap(position, name, Map.of());
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  public boolean contains(String key) {
    return entries.containsKey(key);
  }

  /** The plain values, without positions (insertion order). */
  public Map<String, Object> values() {
    Map<String, Object> out = new LinkedHashMap<>();
    entries.forEach((k, e) -> out.put(k, e.value()));
    return Collections.unmodifiableMap(out);
  }

  /** Where {@code key} was written, or where the map starts. */
  public Position positionOf(String key) {
    Entry e = entries.get(key);
    return e == null ? position : e.position();
  }

  /** A string value; numbers and booleans are accepted and printed as HCL1 does. */
  public Optional<String> string(String key) throws ConfigException {
    Entry e = entries.get(key);
    if (e == null) {
      return Optional.empty();
    }
    Object v = e.value();
    if (v instanceof String || v instanceof Long || v instanceof Boolean || v instanceof Double) {
      return Optional.of(String.valueOf(v));
    }
    throw wrongType(key, e, "a string");
  }

  /** A required, non-empty string. */
  public String requireString(String key) throws ConfigException {
    Optional<String> v = string(key);
    if (v.isEmpty() || v.get().isEmpty()) {
      throw new ConfigException(new Problem(position, "'" + key + "' must be set in " + name));
    }
    return v.get();
  }

  /** A boolean, weakly decoded like Vault's {@code parseutil.ParseBool}: true/false, "true"/"1"/"t"/"0"…, 1/0. */
  public Optional<Boolean> bool(String key) throws ConfigException {
    Entry e = entries.get(key);
    if (e == null) {
      return Optional.empty();
    }
    Optional<Boolean> b = weakBool(e.value());
    if (b.isEmpty()) {
      throw wrongType(key, e, "a boolean");
    }
    return b;
  }

  /** A whole number ({@code 0640} in HCL is octal); strings of digits are accepted. */
  public Optional<Long> integer(String key) throws ConfigException {
    Entry e = entries.get(key);
    if (e == null) {
      return Optional.empty();
    }
    if (e.value() instanceof Long l) {
      return Optional.of(l);
    }
    if (e.value() instanceof String s) {
      try {
        return Optional.of(Long.parseLong(s.trim()));
      } catch (NumberFormatException ignored) {
        // fall through to the type error
      }
    }
    throw wrongType(key, e, "a whole number");
  }

  /** A duration with the agent-level rule: a number is seconds, {@code "7d"} days, else {@code "5m"}-style. */
  public Optional<Duration> duration(String key) throws ConfigException {
    Entry e = entries.get(key);
    if (e == null) {
      return Optional.empty();
    }
    try {
      if (e.value() instanceof Number n) {
        return Optional.of(Durations.ofSeconds(n));
      }
      if (e.value() instanceof String s) {
        return Optional.of(Durations.parseSeconds(s));
      }
    } catch (IllegalArgumentException ex) {
      // The parser's message quotes the value; this map may hold secrets, so say what is expected instead.
      throw new ConfigException(new Problem(e.position(), "'" + key + "' in " + name
          + " is not a valid duration (expected e.g. \"30s\", \"5m\", \"1h30m\" or a number of seconds)"));
    }
    throw wrongType(key, e, "a duration such as \"30s\"");
  }

  /** A list of strings; a single string becomes a one-element list. */
  public List<String> stringList(String key) throws ConfigException {
    Entry e = entries.get(key);
    if (e == null) {
      return List.of();
    }
    if (e.value() instanceof String s) {
      return List.of(s);
    }
    if (e.value() instanceof List<?> list) {
      List<String> out = new ArrayList<>();
      for (Object o : list) {
        if (!(o instanceof String s)) {
          throw wrongType(key, e, "a list of strings");
        }
        out.add(s);
      }
      return List.copyOf(out);
    }
    throw wrongType(key, e, "a list of strings");
  }

  static Optional<Boolean> weakBool(Object v) {
    if (v instanceof Boolean b) {
      return Optional.of(b);
    }
    if (v instanceof Long l && (l == 0 || l == 1)) {
      return Optional.of(l == 1);
    }
    if (v instanceof String s) {
      switch (s.trim().toLowerCase(Locale.ROOT)) {
        case "1": case "t": case "true":
          return Optional.of(true);
        case "0": case "f": case "false":
          return Optional.of(false);
        default:
          return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private ConfigException wrongType(String key, Entry e, String expected) {
    return new ConfigException(
        new Problem(e.position(), "'" + key + "' in " + name + " must be " + expected + ", got "
            + typeName(e.value())));
  }

  static String typeName(Object v) {
    if (v instanceof String) {
      return "a string";
    }
    if (v instanceof Long || v instanceof Double) {
      return "a number";
    }
    if (v instanceof Boolean) {
      return "a boolean";
    }
    if (v instanceof List) {
      return "a list";
    }
    return "a block";
  }
}
