package io.vaultlet.config;

import io.vaultlet.config.hcl.Item;
import io.vaultlet.config.hcl.ListNode;
import io.vaultlet.config.hcl.LiteralNode;
import io.vaultlet.config.hcl.Node;
import io.vaultlet.config.hcl.ObjectNode;
import io.vaultlet.config.hcl.Position;
import io.vaultlet.support.Shown;
import io.vaultlet.support.Suggestions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A typed view of one HCL object body (a file, or a block such as {@code auto_auth.method}). Every getter reports a
 * wrong type to {@link Problems} with the value's position and the expected type, and returns empty, so binding goes
 * on and every problem is found in one pass. Values are never echoed into messages (they may be secrets).
 */
final class Block {

  private final String path;
  private final Item item;
  private final Position position;
  private final ObjectNode body;
  private final Problems problems;

  Block(String path, Item item, Position position, ObjectNode body, Problems problems) {
    this.path = path;
    this.item = item;
    this.position = position;
    this.body = body;
    this.problems = problems;
  }

  static Block root(ObjectNode root, Problems problems) {
    return new Block("", null, root.position(), root, problems);
  }

  String path() {
    return path;
  }

  /** Where the block's name is written (the start of {@code method "aws" {}}). */
  Position position() {
    return position;
  }

  /** The block's labels ({@code ["aws"]} for {@code method "aws" {}}); empty for the root. */
  List<String> labels() {
    return item == null ? List.of() : item.labels();
  }

  Problems problems() {
    return problems;
  }

  /** {@code key} inside this block, for messages: {@code auto_auth.method.wrap_ttl}. */
  String qualify(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  boolean has(String key) {
    return !body.items(key).isEmpty();
  }

  /** The kind of {@code key}'s literal (a string, a number, …); empty when absent or not a literal. */
  Optional<LiteralNode.Kind> scalarKind(String key) {
    return item(key).map(Item::value).filter(LiteralNode.class::isInstance).map(v -> ((LiteralNode) v).kind());
  }

  /** The last item named {@code key} (a repeated scalar: the last one wins, as in HCL1 decoding). */
  Optional<Item> item(String key) {
    List<Item> items = body.items(key);
    return items.isEmpty() ? Optional.empty() : Optional.of(items.get(items.size() - 1));
  }

  Position positionOf(String key) {
    return item(key).map(Item::position).orElse(position);
  }

  // ---- scalars ----------------------------------------------------------------------------------------------------

  /** A string; numbers and booleans are accepted and converted, as HCL1 does for string fields. */
  Optional<String> string(String key) {
    return scalar(key).flatMap(lit -> switch (lit.kind()) {
      case STRING, HEREDOC -> Optional.of((String) lit.value());
      case NUMBER, FLOAT, BOOL -> Optional.of(String.valueOf(lit.value()));
    });
  }

  /** A string that, when present, must not be empty. */
  Optional<String> nonEmptyString(String key) {
    Optional<String> s = string(key);
    if (s.isPresent() && s.get().isBlank()) {
      problems.error(valuePosition(key), "'" + qualify(key) + "' must not be empty");
      return Optional.empty();
    }
    return s;
  }

  /** A strict boolean: {@code true} or {@code false}. */
  Optional<Boolean> bool(String key) {
    return scalar(key).flatMap(lit -> {
      if (lit.kind() == LiteralNode.Kind.BOOL) {
        return Optional.of((Boolean) lit.value());
      }
      return wrongType(key, lit, "a boolean (true or false)");
    });
  }

  boolean bool(String key, boolean fallback) {
    return bool(key).orElse(fallback);
  }

  /** A weak boolean, like Vault's {@code parseutil.ParseBool}: {@code true}, {@code "true"}, {@code 1}, {@code "t"}. */
  Optional<Boolean> weakBool(String key) {
    return scalar(key).flatMap(lit -> {
      Optional<Boolean> b = FreeformMap.weakBool(lit.value());
      return b.isPresent() ? b : wrongType(key, lit, "a boolean (true, false, \"true\", \"false\", 1 or 0)");
    });
  }

  /** A whole number; a string of digits is accepted (HCL1 does, and vault-k8s writes {@code "3"}). */
  Optional<Long> integer(String key) {
    return scalar(key).flatMap(lit -> {
      if (lit.kind() == LiteralNode.Kind.NUMBER) {
        return Optional.of((Long) lit.value());
      }
      if (lit.value() instanceof String s) {
        try {
          return Optional.of(Long.decode(s.trim()));
        } catch (NumberFormatException ignored) {
          // reported below
        }
      }
      return wrongType(key, lit, "a whole number");
    });
  }

  /** A positive size: a whole number of bytes or a string with a unit ({@code "16MiB"}, {@link Limits#parseSize}). */
  Optional<Long> size(String key) {
    return scalar(key).flatMap(lit -> {
      try {
        long n;
        if (lit.value() instanceof Long l) {
          n = l;
        } else if (lit.value() instanceof String s) {
          n = Limits.parseSize(s);
        } else {
          return wrongType(key, lit, "a size such as \"16MiB\" or a number of bytes");
        }
        if (n <= 0) {
          problems.error(lit.position(), "'" + qualify(key) + "' must be a positive size, e.g. \"16MiB\"");
          return Optional.empty();
        }
        return Optional.of(n);
      } catch (IllegalArgumentException e) {
        problems.error(lit.position(), "'" + qualify(key) + "': " + e.getMessage());
        return Optional.empty();
      }
    });
  }

  /** A number (whole or fractional), e.g. {@code lease_renewal_threshold = 0.9}. */
  Optional<Double> number(String key) {
    return scalar(key).flatMap(lit -> {
      if (lit.value() instanceof Long l) {
        return Optional.of(l.doubleValue());
      }
      if (lit.value() instanceof Double d) {
        return Optional.of(d);
      }
      if (lit.value() instanceof String s) {
        try {
          return Optional.of(Double.parseDouble(s.trim()));
        } catch (NumberFormatException ignored) {
          // reported below
        }
      }
      return wrongType(key, lit, "a number");
    });
  }

  /** Agent-level duration: a number or digits are seconds, {@code "7d"} days, else {@code "5m"}-style; not negative. */
  Optional<Duration> seconds(String key) {
    return scalar(key).flatMap(lit -> {
      try {
        Duration d;
        if (lit.value() instanceof Number n) {
          d = Durations.ofSeconds(n);
        } else if (lit.value() instanceof String s) {
          d = Durations.parseSeconds(s);
        } else {
          return wrongType(key, lit, "a duration such as \"30s\", \"5m\" or a number of seconds");
        }
        return nonNegative(key, lit, d);
      } catch (IllegalArgumentException e) {
        problems.error(lit.position(), "'" + qualify(key) + "': " + e.getMessage());
        return Optional.empty();
      }
    });
  }

  /**
   * Template-level duration (Go syntax, unit required). Vault reads a bare number here as nanoseconds, which is never
   * what anyone meant, so vaultlet rejects it and says what to write instead.
   */
  Optional<Duration> goDuration(String key) {
    return scalar(key).flatMap(lit -> goDuration(key, lit));
  }

  Optional<Duration> goDuration(String key, LiteralNode lit) {
    if (lit.value() instanceof Long n && n == 0) {
      return Optional.of(Duration.ZERO);
    }
    if (lit.value() instanceof Number n) {
      problems.error(lit.position(), "'" + qualify(key) + "' needs a unit: write \"" + n + "s\" for seconds"
          + " (Vault would read a bare number here as nanoseconds)");
      return Optional.empty();
    }
    if (!(lit.value() instanceof String s)) {
      return wrongType(key, lit, "a duration such as \"30s\"");
    }
    try {
      return nonNegative(key, lit, Durations.parseGo(s));
    } catch (IllegalArgumentException e) {
      problems.error(lit.position(), "'" + qualify(key) + "': " + e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * A file mode. An HCL number is taken as written ({@code 0640} is octal in HCL1); a string, where allowed, is
   * parsed as octal ({@code "0640"}, {@code "640"}). At most 12 bits.
   */
  Optional<Integer> mode(String key, boolean stringAllowed) {
    return scalar(key).flatMap(lit -> {
      long mode;
      if (lit.value() instanceof Long l) {
        mode = l;
      } else if (stringAllowed && lit.value() instanceof String s && s.trim().matches("0?[0-7]{1,4}")) {
        mode = Long.parseLong(s.trim(), 8);
      } else if (lit.value() instanceof String) {
        String hint = stringAllowed
            ? "an octal file mode such as 0640 or \"0640\""
            : "an octal number such as 0640 (Vault rejects a string here: write 0640 without quotes)";
        problems.error(lit.position(), "'" + qualify(key) + "' must be " + hint);
        return Optional.empty();
      } else {
        return wrongType(key, lit, "an octal file mode such as 0640");
      }
      if (mode < 0 || mode > 07777) {
        problems.error(lit.position(), "'" + qualify(key) + "' is not a file mode: " + String.format("0%o", mode)
            + " is outside 0000-7777");
        return Optional.empty();
      }
      return Optional.of((int) mode);
    });
  }

  /**
   * A list of strings. A single string is accepted: split on commas when {@code splitCommas} (what Vault does for
   * template and exec lists), else a one-element list.
   */
  List<String> stringList(String key, boolean splitCommas) {
    Optional<Item> it = item(key);
    if (it.isEmpty()) {
      return List.of();
    }
    Node value = it.get().value();
    if (value instanceof LiteralNode lit && lit.value() instanceof String s) {
      if (!splitCommas) {
        return List.of(s);
      }
      List<String> parts = new ArrayList<>();
      for (String part : s.split(",", -1)) {
        if (!part.isEmpty()) {
          parts.add(part);
        }
      }
      return parts;
    }
    if (value instanceof ListNode list) {
      List<String> out = new ArrayList<>();
      for (Node element : list.elements()) {
        if (element instanceof LiteralNode lit
            && (lit.kind() == LiteralNode.Kind.STRING || lit.kind() == LiteralNode.Kind.HEREDOC)) {
          out.add((String) lit.value());
        } else {
          problems.error(element.position(), "'" + qualify(key) + "' must be a list of strings, got "
              + describe(element) + " in the list");
        }
      }
      return out;
    }
    problems.error(value.position(), "'" + qualify(key) + "' must be a list of strings, got " + describe(value));
    return List.of();
  }

  // ---- blocks -----------------------------------------------------------------------------------------------------

  /** Every block named {@code key}, in order: {@code key {…}}, {@code key = {…}} and JSON arrays of objects. */
  List<Block> blocks(String key) {
    List<Block> out = new ArrayList<>();
    for (Item it : body.items(key)) {
      Node value = it.value();
      if (value instanceof ObjectNode obj) {
        out.add(new Block(qualify(key), it, it.position(), obj, problems));
      } else if (value instanceof ListNode list && !list.elements().isEmpty()
          && list.elements().stream().allMatch(e -> e instanceof ObjectNode)) {
        for (Node element : list.elements()) {
          out.add(new Block(qualify(key), it, element.position(), (ObjectNode) element, problems));
        }
      } else {
        problems.error(value.position(), "'" + qualify(key) + "' must be a block { … }, got " + describe(value));
      }
    }
    return out;
  }

  /** At most one block named {@code key}; more is an error (Vault: "at most one … block is allowed"). */
  Optional<Block> singleBlock(String key) {
    List<Block> all = blocks(key);
    return rejectLabels(key, all) ? Optional.empty() : single(key, all);
  }

  /** Like {@link #singleBlock(String)} for a block that takes a type label ({@code persist "kubernetes" {}}). */
  Optional<Block> singleLabelledBlock(String key) {
    return single(key, blocks(key));
  }

  private boolean rejectLabels(String key, List<Block> all) {
    for (Block b : all) {
      if (!b.labels().isEmpty()) {
        problems.error(b.position(), "'" + qualify(key) + "' takes no label, found \"" + Shown.cut(b.labels().get(0)) + "\""
            + " (in JSON, nested objects are read as labels: write the block as an array of objects)");
        return true;
      }
    }
    return false;
  }

  private Optional<Block> single(String key, List<Block> all) {
    if (all.size() > 1) {
      problems.error(all.get(1).position(), "at most one '" + qualify(key) + "' block is allowed (first one at "
          + all.get(0).position() + ")");
    }
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
  }

  /** The last block named {@code key} (consul-template flattens repeated {@code wait}/{@code exec}: last wins). */
  Optional<Block> lastBlock(String key) {
    List<Block> all = blocks(key);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** The block named {@code key} as a free-form map; an empty map at this block's position when absent. */
  FreeformMap freeform(String key) {
    List<Block> all = blocks(key);
    if (all.isEmpty()) {
      return FreeformMap.empty(position, qualify(key));
    }
    Block last = all.get(all.size() - 1);
    return last.asFreeform(qualify(key));
  }

  /** This whole block as a free-form map (listeners, telemetry). */
  FreeformMap asFreeform(String name) {
    return FreeformMap.of(position, name, body);
  }

  // ---- key checks -------------------------------------------------------------------------------------------------

  /**
   * Reports every key not in {@code known} as an error, with a "did you mean" for near misses: for the blocks Vault
   * decodes strictly ({@code template}, {@code env_template}, {@code exec}), where Vault rejects an unknown key too.
   */
  void rejectUnknownKeys(Set<String> known) {
    for (String key : unknownKeys(known)) {
      problems.error(positionOf(key), "unknown key '" + Shown.cut(key) + "' in " + where() + hint(key, known));
    }
  }

  /**
   * Reports every key not in {@code known} as a warning (an error under {@code -strict}), with a "did you mean": for
   * the blocks Vault decodes leniently (HCL1's {@code DecodeObject} into a struct drops keys it has no field for).
   */
  void warnUnknownKeys(Set<String> known) {
    for (String key : unknownKeys(known)) {
      problems.ignored(positionOf(key), "unknown key '" + Shown.cut(key) + "' in " + where(), hint(key, known));
    }
  }

  /** {@code " (did you mean \"x\"?)"}, else where the key belongs ({@link KeyHomes}), else nothing. */
  private String hint(String key, Set<String> known) {
    String suggestion = Suggestions.didYouMean(key, known);
    return suggestion.isEmpty() ? KeyHomes.hint(key, path) : suggestion;
  }

  /** The keys written in this block that are not in {@code known}, in source order, each once. */
  Collection<String> unknownKeys(Set<String> known) {
    Set<String> seen = new java.util.LinkedHashSet<>();
    for (Item it : body.items()) {
      if (!known.contains(it.name())) {
        seen.add(it.name());
      }
    }
    return seen;
  }

  private String where() {
    return path.isEmpty() ? "the configuration" : "'" + path + "'";
  }

  // ---- helpers ----------------------------------------------------------------------------------------------------

  Position valuePosition(String key) {
    return item(key).map(it -> it.value().position()).orElse(position);
  }

  private Optional<LiteralNode> scalar(String key) {
    Optional<Item> it = item(key);
    if (it.isEmpty()) {
      return Optional.empty();
    }
    Node value = it.get().value();
    if (value instanceof LiteralNode lit) {
      return Optional.of(lit);
    }
    problems.error(value.position(), "'" + qualify(key) + "' must be a single value, got " + describe(value));
    return Optional.empty();
  }

  private <T> Optional<T> wrongType(String key, LiteralNode lit, String expected) {
    problems.error(lit.position(), "'" + qualify(key) + "' must be " + expected + ", got " + describe(lit));
    return Optional.empty();
  }

  private Optional<Duration> nonNegative(String key, LiteralNode lit, Duration d) {
    if (d.isNegative()) {
      problems.error(lit.position(), "'" + qualify(key) + "' must not be negative");
      return Optional.empty();
    }
    return Optional.of(d);
  }

  static String describe(Node node) {
    if (node instanceof LiteralNode lit) {
      return switch (lit.kind()) {
        case STRING, HEREDOC -> "a string";
        case NUMBER, FLOAT -> "a number";
        case BOOL -> "a boolean";
      };
    }
    return node instanceof ListNode ? "a list" : "a block";
  }
}
