package io.vaultlet.template.gotmpl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The functions registered for every golden case; each behaves as its Go twin in src/test/go/tmplgolden/funcs.go. */
final class TestFunctions {

  private TestFunctions() {}

  /** Go's {@code Secret} struct of funcs.go. */
  static final class Secret implements GoStruct {
    private final boolean pointer;
    private final Map<String, Object> fields = new LinkedHashMap<>();

    Secret(boolean pointer, String requestId, String leaseId, long leaseDuration, boolean renewable,
        Map<String, Object> data, List<Object> warnings) {
      this.pointer = pointer;
      fields.put("RequestID", requestId);
      fields.put("LeaseID", leaseId);
      fields.put("LeaseDuration", leaseDuration);
      fields.put("Renewable", renewable);
      fields.put("Data", data);
      fields.put("Warnings", warnings);
    }

    @Override
    public String typeName() {
      return pointer ? "*main.Secret" : "main.Secret";
    }

    @Override
    public boolean pointer() {
      return pointer;
    }

    @Override
    public List<String> fieldNames() {
      return List.copyOf(fields.keySet());
    }

    @Override
    public Object field(String name) {
      return fields.get(name);
    }

    /** funcs.go's methods; they have pointer receivers, so a struct value has none. */
    @Override
    public TemplateFunction method(String name) {
      if (!pointer) {
        return null;
      }
      return switch (name) {
        case "Get" -> args -> {
          if (args.size() != 1) {
            throw new TemplateFunction.ArgumentException("wrong number of args for Get: want 1 got " + args.size());
          }
          return ((Map<?, ?>) fields.get("Data")).get(args.get(0));
        };
        case "Self" -> args -> this;
        case "Fail" -> args -> {
          throw new Exception("method failed");
        };
        case "Join" -> args -> {
          List<String> parts = new ArrayList<>();
          args.forEach(a -> parts.add((String) a));
          return fields.get("RequestID") + ":" + String.join(",", parts);
        };
        default -> null;
      };
    }
  }

  static Map<String, TemplateFunction> all() {
    Map<String, TemplateFunction> f = new LinkedHashMap<>();
    f.put("typeOf", args -> args.get(0) == null ? "<nil>" : GoTypes.typeName(args.get(0)));
    f.put("add", args -> {
      long sum = 0;
      for (Object a : args) {
        sum += (Long) a;
      }
      return sum;
    });
    f.put("echo", args -> args.get(0));
    f.put("makemap", args -> {
      if (args.size() % 2 != 0) {
        throw new RuntimeException("bad makemap");
      }
      Map<String, Object> m = new LinkedHashMap<>();
      for (int i = 0; i < args.size(); i += 2) {
        m.put((String) args.get(i), args.get(i + 1));
      }
      return m;
    });
    f.put("mapOfThree", args -> Map.of("three", 3L));
    f.put("oneArg", args -> "oneArg=" + args.get(0));
    f.put("twoArgs", args -> "twoArgs=" + args.get(0) + args.get(1));
    f.put("die", args -> {
      throw new RuntimeException("die");
    });
    f.put("zeroArgs", args -> "zeroArgs");
    f.put("returnInt", args -> 7L);
    f.put("count", args -> {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < (Long) args.get(0); i++) {
        out.add("abcdefghijklmnop".substring(i, i + 1));
      }
      return out;
    });
    f.put("fail", args -> {
      throw new Exception((String) args.get(0));
    });
    f.put("nilfn", args -> null);
    f.put("list", ArrayList::new);
    f.put("upper", args -> ((String) args.get(0)).toUpperCase(Locale.ROOT));
    f.put("adder", args -> (TemplateFunction) inner -> {
      if (inner.size() != 2) {
        throw new Exception("wrong number of args: got " + inner.size() + " want 2");
      }
      return (Long) inner.get(0) + (Long) inner.get(1);
    });
    f.put("joiner", args -> (TemplateFunction) inner -> {
      List<String> parts = new ArrayList<>();
      inner.forEach(o -> parts.add((String) o));
      return "<" + String.join("+", parts) + ">";
    });
    f.put("errer", args -> (TemplateFunction) inner -> {
      throw new Exception("errer failed");
    });
    f.put("secret", args -> new Secret(true, "req-1", "", 3600L, true,
        Map.of("password", "s3cr3t", "data", Map.of("user", "u")), List.of("w1")));
    f.put("secretValue", args -> new Secret(false, "req-2", "", 0L, false, Map.of(), List.of()));
    f.put("executeTemplate", args -> {
      if (args.size() > 2) {
        throw new Exception(
            "executeTemplate: wrong number of arguments, expected 1 or 2, got " + args.size());
      }
      Object dot = args.size() == 2 ? args.get(1) : null;
      return ExecutionContext.current().executeTemplate((String) args.get(0), dot);
    });
    return f;
  }
}
