package io.vaultlet.config;

import io.vaultlet.config.hcl.Item;
import io.vaultlet.config.hcl.ListNode;
import io.vaultlet.config.hcl.LiteralNode;
import io.vaultlet.config.hcl.Node;
import io.vaultlet.config.hcl.Position;
import io.vaultlet.support.Sizes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The typed scalar readers of a {@link Block}: strings, booleans, numbers, sizes, durations, file modes, URLs and
 * string lists. Each reports a wrong type to {@link Problems} with the value's position and the expected type, and
 * returns empty, so binding goes on; values are never echoed into messages (they may be secrets).
 */
abstract class BlockValues {

  /** The last item named {@code key}. */
  abstract Optional<Item> item(String key);

  /** Where the block starts: the position of a problem about a value that is not there. */
  abstract Position position();

  abstract Problems problems();

  /** {@code key} inside the block, for messages. */
  abstract String qualify(String key);

  /** Where the value of {@code key} is written (the block's position when it is not). */
  Position valuePosition(String key) {
    return item(key).map(it -> it.value().position()).orElse(position());
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
      problems().error(valuePosition(key), "'" + qualify(key) + "' must not be empty");
      return Optional.empty();
    }
    return s;
  }

  /** A non-empty string that is an http(s) URL with a host ({@link HttpUrl}); anything else is an error here. */
  Optional<java.net.URI> httpUrl(String key) {
    Optional<String> s = nonEmptyString(key);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    Optional<java.net.URI> u = HttpUrl.parse(s.get());
    if (u.isEmpty()) {
      problems().error(valuePosition(key), "'" + qualify(key) + "' " + HttpUrl.MUST);
    }
    return u;
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

  /** A positive size: a whole number of bytes or a string with a unit ({@code "16MiB"}, {@link Sizes#parse}). */
  Optional<Long> size(String key) {
    return scalar(key).flatMap(lit -> {
      try {
        long n;
        if (lit.value() instanceof Long l) {
          n = l;
        } else if (lit.value() instanceof String s) {
          n = Sizes.parse(s);
        } else {
          return wrongType(key, lit, "a size such as \"16MiB\" or a number of bytes");
        }
        if (n <= 0) {
          problems().error(lit.position(), "'" + qualify(key) + "' must be a positive size, e.g. \"16MiB\"");
          return Optional.empty();
        }
        return Optional.of(n);
      } catch (IllegalArgumentException e) {
        problems().error(lit.position(), "'" + qualify(key) + "': " + e.getMessage());
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
        problems().error(lit.position(), "'" + qualify(key) + "': " + e.getMessage());
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
      problems().error(lit.position(), "'" + qualify(key) + "' needs a unit: write \"" + n + "s\" for seconds"
          + " (Vault would read a bare number here as nanoseconds)");
      return Optional.empty();
    }
    if (!(lit.value() instanceof String s)) {
      return wrongType(key, lit, "a duration such as \"30s\"");
    }
    try {
      return nonNegative(key, lit, Durations.parseGo(s));
    } catch (IllegalArgumentException e) {
      problems().error(lit.position(), "'" + qualify(key) + "': " + e.getMessage());
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
        problems().error(lit.position(), "'" + qualify(key) + "' must be " + hint);
        return Optional.empty();
      } else {
        return wrongType(key, lit, "an octal file mode such as 0640");
      }
      if (mode < 0 || mode > 07777) {
        problems().error(lit.position(), "'" + qualify(key) + "' is not a file mode: " + String.format("0%o", mode)
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
          problems().error(element.position(), "'" + qualify(key) + "' must be a list of strings, got "
              + describe(element) + " in the list");
        }
      }
      return out;
    }
    problems().error(value.position(), "'" + qualify(key) + "' must be a list of strings, got " + describe(value));
    return List.of();
  }

  // ---- helpers ----------------------------------------------------------------------------------------------------

  /** The kind of {@code key}'s literal (a string, a number, …); empty when absent or not a literal. */
  Optional<LiteralNode.Kind> scalarKind(String key) {
    return item(key).map(Item::value).filter(LiteralNode.class::isInstance).map(v -> ((LiteralNode) v).kind());
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
    problems().error(value.position(), "'" + qualify(key) + "' must be a single value, got " + describe(value));
    return Optional.empty();
  }

  private <T> Optional<T> wrongType(String key, LiteralNode lit, String expected) {
    problems().error(lit.position(), "'" + qualify(key) + "' must be " + expected + ", got " + describe(lit));
    return Optional.empty();
  }

  private Optional<Duration> nonNegative(String key, LiteralNode lit, Duration d) {
    if (d.isNegative()) {
      problems().error(lit.position(), "'" + qualify(key) + "' must not be negative");
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
