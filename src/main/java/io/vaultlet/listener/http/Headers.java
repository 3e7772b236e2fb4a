package io.vaultlet.listener.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** HTTP header fields in arrival order, names compared case-insensitively (HTTP/1.1 field names). Not thread-safe. */
public final class Headers {

  /** One field as received. */
  public record Field(String name, String value) {}

  private final List<Field> fields = new ArrayList<>();

  public void add(String name, String value) {
    fields.add(new Field(name, value));
  }

  /** Replaces every field named {@code name} with one. */
  public void set(String name, String value) {
    remove(name);
    add(name, value);
  }

  public void remove(String name) {
    fields.removeIf(f -> f.name().equalsIgnoreCase(name));
  }

  public Optional<String> first(String name) {
    for (Field f : fields) {
      if (f.name().equalsIgnoreCase(name)) {
        return Optional.of(f.value());
      }
    }
    return Optional.empty();
  }

  public List<String> all(String name) {
    List<String> out = new ArrayList<>();
    for (Field f : fields) {
      if (f.name().equalsIgnoreCase(name)) {
        out.add(f.value());
      }
    }
    return out;
  }

  public boolean has(String name) {
    return first(name).isPresent();
  }

  public List<Field> fields() {
    return Collections.unmodifiableList(fields);
  }

  /** True when a comma-separated header (e.g. {@code Connection}) lists {@code token}, case-insensitively. */
  public boolean listContains(String name, String token) {
    for (String v : all(name)) {
      for (String part : v.split(",")) {
        if (part.trim().toLowerCase(Locale.ROOT).equals(token)) {
          return true;
        }
      }
    }
    return false;
  }
}
