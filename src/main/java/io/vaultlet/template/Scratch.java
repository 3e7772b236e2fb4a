package io.vaultlet.template;

import io.vaultlet.template.gotmpl.GoFormat;
import io.vaultlet.template.gotmpl.GoStruct;
import io.vaultlet.template.gotmpl.TemplateFunction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code scratch}: a key/value store that lives for one execution ({@code {{ scratch.Set "k" "v" }}}), with
 * consul-template's methods {@code Key Get Set SetX MapSet MapSetX MapValues}.
 */
public final class Scratch implements GoStruct {

  private static final List<String> METHODS = List.of("Get", "Key", "MapSet", "MapSetX", "MapValues", "Set", "SetX");

  private final Map<String, Object> values = new LinkedHashMap<>();

  public synchronized boolean key(String k) {
    return values.containsKey(k);
  }

  public synchronized Object get(String k) {
    return values.get(k);
  }

  public synchronized String set(String k, Object v, boolean overwrite) {
    if (overwrite || !values.containsKey(k)) {
      values.put(k, v);
    }
    return "";
  }

  @SuppressWarnings("unchecked")
  public synchronized String mapSet(String k, String mk, Object v, boolean overwrite) {
    Object cur = values.computeIfAbsent(k, x -> new LinkedHashMap<String, Object>());
    if (!(cur instanceof Map<?, ?>)) {
      throw new IllegalArgumentException(GoFormat.quote(k) + " is not a map");
    }
    Map<String, Object> typed = (Map<String, Object>) cur;
    if (overwrite || !typed.containsKey(mk)) {
      typed.put(mk, v);
    }
    return "";
  }

  @SuppressWarnings("unchecked")
  public synchronized List<Object> mapValues(String k) {
    if (!(values.get(k) instanceof Map<?, ?> m)) {
      return null;
    }
    return new ArrayList<>(new TreeMap<>((Map<String, Object>) m).values());
  }

  @Override
  public String typeName() {
    return "*template.Scratch";
  }

  @Override
  public boolean pointer() {
    return true;
  }

  /** The methods, by name. */
  public static List<String> methodNames() {
    return METHODS;
  }

  @Override
  public Object field(String name) {
    return method(name);
  }

  /** The bound method {@code name} as a function, or null when there is no such method. */
  public TemplateFunction method(String name) {
    switch (name) {
      case "Key": return a -> { Args.count("Key", a, 1); return key(Args.string(a, 0)); };
      case "Get": return a -> { Args.count("Get", a, 1); return get(Args.string(a, 0)); };
      case "Set": return a -> { Args.count("Set", a, 2); return set(Args.string(a, 0), a.get(1), true); };
      case "SetX": return a -> { Args.count("SetX", a, 2); return set(Args.string(a, 0), a.get(1), false); };
      case "MapSet": return a -> {
        Args.count("MapSet", a, 3);
        return mapSet(Args.string(a, 0), Args.string(a, 1), a.get(2), true);
      };
      case "MapSetX": return a -> {
        Args.count("MapSetX", a, 3);
        return mapSet(Args.string(a, 0), Args.string(a, 1), a.get(2), false);
      };
      case "MapValues": return a -> { Args.count("MapValues", a, 1); return mapValues(Args.string(a, 0)); };
      default: return null;
    }
  }
}
