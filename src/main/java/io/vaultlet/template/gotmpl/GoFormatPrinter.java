package io.vaultlet.template.gotmpl;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Go's fmt printer ({@code pp} in fmt/print.go) over the template data model: which verbs each type accepts, how
 * containers and structs are walked, and the {@code %!verb(type=value)} error forms. {@link GoFormatWriter} does
 * the per-value layout; {@link GoFormatPrintf} parses format strings.
 *
 * <p>Values are treated as Go holds them in {@code interface{}}: list elements, map values and struct fields are
 * interface values, so a {@code null} among them prints {@code <nil>} (and {@code interface {}(nil)} under
 * {@code %#v}) without padding, exactly as Go prints a nil interface inside a container.
 */
final class GoFormatPrinter {

  /**
   * The address printed for pointers below the top level, for {@code %p} and in {@code %#v}. Go prints the real
   * address, which changes from run to run; a fixed value keeps rendered files stable, so unchanged data never
   * looks like a change.
   */
  static final long FAKE_ADDRESS = 0xc000010000L;

  final StringBuilder buf;
  final GoFormatWriter fmt;

  GoFormatPrinter(StringBuilder buf) {
    this.buf = buf;
    this.fmt = new GoFormatWriter(buf);
  }

  // ---- Sprint and Sprintln

  void doPrint(List<?> args) {
    boolean prevString = false;
    for (int i = 0; i < args.size(); i++) {
      Object arg = args.get(i);
      boolean isString = arg instanceof String;
      if (i > 0 && !isString && !prevString) {
        buf.append(' ');
      }
      printArg(arg, 'v');
      prevString = isString;
    }
  }

  void doPrintln(List<?> args) {
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) {
        buf.append(' ');
      }
      printArg(args.get(i), 'v');
    }
    buf.append('\n');
  }

  // ---- one operand

  /** Prints a top-level operand (Go's {@code printArg}). */
  void printArg(Object arg, int verb) {
    if (arg == null) {
      if (verb == 'T' || verb == 'v') {
        fmt.pad("<nil>");
      } else {
        badVerb(verb, null);
      }
      return;
    }
    if (verb == 'T') {
      fmt.fmtS(GoFormatTypes.typeString(arg));
      return;
    }
    if (verb == 'p') {
      fmtPointer(arg, 'p');
      return;
    }
    printValue(arg, verb, 0);
  }

  /** Prints a value at {@code depth} (0 for operands, deeper inside containers). */
  void printValue(Object value, int verb, int depth) {
    if (verb == 'w' && value != null && !(value instanceof byte[])) {
      // %w is only for Errorf; Go rejects it for the whole operand before looking inside.
      badVerb(verb, value);
    } else if (value == null) {
      buf.append(fmt.sharpV ? "interface {}(nil)" : "<nil>");
    } else if (value instanceof String s) {
      fmtString(s, verb);
    } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      fmtInteger(((Number) value).longValue(), true, verb, value);
    } else if (value instanceof Boolean b) {
      if (verb == 't' || verb == 'v') {
        fmt.fmtBoolean(b);
      } else {
        badVerb(verb, value);
      }
    } else if (value instanceof Double d) {
      fmtFloat(d, 64, verb, value);
    } else if (value instanceof Float f) {
      fmtFloat(f, 32, verb, value);
    } else if (value instanceof List<?> list) {
      printList(list, verb, depth);
    } else if (value instanceof Map<?, ?> map) {
      printMap(map, verb, depth);
    } else if (value instanceof GoStruct struct && !fmt.sharpV && "vsqxX".indexOf(verb) >= 0
        && struct.method("String") != null) {
      // a fmt.Stringer (time.Time, *semver.Version): Go's handleMethods prints what String() returns
      fmtString(stringer(struct), verb);
    } else if (value instanceof GoStruct struct) {
      printStruct(struct, verb, depth);
    } else if (value instanceof BigInteger big) {
      fmtBigInteger(big, verb);
    } else if (value instanceof byte[] bytes) {
      printBytes(bytes, verb, depth);
    } else if (value instanceof TemplateFunction) {
      fmtPointer(value, verb);
    } else {
      printOther(value, verb);
    }
  }

  private static String stringer(GoStruct struct) {
    try {
      return String.valueOf(struct.method("String").invoke(java.util.List.of()));
    } catch (Exception e) {
      return "%!v(PANIC=String method: " + e.getMessage() + ")";
    }
  }

  /** {@code %!verb(type=value)}; the value is printed with {@code %v} and the current flags, as Go does. */
  void badVerb(int verb, Object value) {
    buf.append("%!").appendCodePoint(verb).append('(');
    if (value == null) {
      buf.append("<nil>");
    } else {
      buf.append(GoFormatTypes.typeString(value)).append('=');
      printValue(value, 'v', 0);
    }
    buf.append(')');
  }

  private void fmtString(String s, int verb) {
    switch (verb) {
      case 'v' -> {
        if (fmt.sharpV) {
          fmt.fmtQ(s);
        } else {
          fmt.fmtS(s);
        }
      }
      case 's' -> fmt.fmtS(s);
      case 'x' -> fmt.fmtSbx(GoQuote.utf8(s), false);
      case 'X' -> fmt.fmtSbx(GoQuote.utf8(s), true);
      case 'q' -> fmt.fmtQ(s);
      default -> badVerb(verb, s);
    }
  }

  /** Integers; {@code u} is the 64-bit pattern, {@code signed} whether Go's type is signed. */
  private void fmtInteger(long u, boolean signed, int verb, Object value) {
    switch (verb) {
      case 'v' -> {
        if (fmt.sharpV && !signed) {
          fmt.fmt0x64(u, true);
        } else {
          fmt.fmtInteger(u, 10, signed, 'v', false);
        }
      }
      case 'd' -> fmt.fmtInteger(u, 10, signed, 'd', false);
      case 'b' -> fmt.fmtInteger(u, 2, signed, 'b', false);
      case 'o', 'O' -> fmt.fmtInteger(u, 8, signed, (char) verb, false);
      case 'x' -> fmt.fmtInteger(u, 16, signed, 'x', false);
      case 'X' -> fmt.fmtInteger(u, 16, signed, 'X', true);
      case 'c' -> fmt.fmtC(u);
      case 'q' -> fmt.fmtQc(u);
      case 'U' -> fmt.fmtUnicode(u);
      default -> badVerb(verb, value);
    }
  }

  /** A {@link BigInteger}: int when it fits int64, uint64 when it fits that, otherwise a {@code *big.Int}. */
  private void fmtBigInteger(BigInteger big, int verb) {
    int bits = big.bitLength();
    if (bits <= 63) {
      fmtInteger(big.longValue(), true, verb, big);
    } else if (bits == 64 && big.signum() > 0) {
      fmtInteger(big.longValue(), false, verb, big);
    } else {
      fmtBigInt(big, verb);
    }
  }

  /** {@code (*big.Int).Format}: its own layout rules and its own bad-verb message. */
  private void fmtBigInt(BigInteger x, int verb) {
    int base;
    switch (verb) {
      case 'b' -> base = 2;
      case 'o', 'O' -> base = 8;
      case 'd', 's', 'v' -> base = 10;
      case 'x', 'X' -> base = 16;
      default -> {
        buf.append("%!").appendCodePoint(verb).append("(big.Int=").append(x).append(')');
        return;
      }
    }
    String sign = x.signum() < 0 ? "-" : fmt.plus || fmt.plusV ? "+" : fmt.space ? " " : "";
    String prefix = "";
    if (fmt.sharp || fmt.sharpV) {
      prefix = switch (verb) {
        case 'b' -> "0b";
        case 'o' -> "0";
        case 'x' -> "0x";
        case 'X' -> "0X";
        default -> "";
      };
    }
    if (verb == 'O') {
      prefix = "0o";
    }
    String digits = x.abs().toString(base);
    if (verb == 'X') {
      digits = digits.toUpperCase(java.util.Locale.ROOT);
    }
    int left = 0;
    int zeros = 0;
    int right = 0;
    if (fmt.precPresent) {
      if (digits.length() < fmt.prec) {
        zeros = fmt.prec - digits.length();
      } else if (digits.equals("0") && fmt.prec == 0) {
        return;
      }
    }
    int length = sign.length() + prefix.length() + zeros + digits.length();
    if (fmt.widPresent && length < fmt.wid) {
      int d = fmt.wid - length;
      if (fmt.minus) {
        right = d;
      } else if (fmt.zero && !fmt.precPresent) {
        zeros = d;
      } else {
        left = d;
      }
    }
    buf.append(" ".repeat(left)).append(sign).append(prefix).append("0".repeat(zeros)).append(digits)
        .append(" ".repeat(right));
  }

  private void fmtFloat(double v, int size, int verb, Object value) {
    switch (verb) {
      case 'v' -> fmt.fmtFloat(v, size, 'g', -1);
      case 'b', 'g', 'G', 'x', 'X' -> fmt.fmtFloat(v, size, (char) verb, -1);
      case 'f', 'e', 'E' -> fmt.fmtFloat(v, size, (char) verb, 6);
      case 'F' -> fmt.fmtFloat(v, size, 'f', 6);
      default -> badVerb(verb, value);
    }
  }

  /**
   * {@code %p}, pointers below the top level, and functions: lists, maps, struct pointers and functions have
   * (fixed) addresses.
   */
  private void fmtPointer(Object value, int verb) {
    boolean isPointer = value instanceof List<?> || value instanceof Map<?, ?> || value instanceof byte[]
        || value instanceof TemplateFunction
        || (value instanceof GoStruct s && s.pointer())
        || (value instanceof BigInteger big && "*big.Int".equals(GoFormatTypes.typeString(big)));
    if (!isPointer) {
      badVerb(verb, value);
      return;
    }
    switch (verb) {
      case 'v' -> {
        if (fmt.sharpV) {
          buf.append('(').append(GoFormatTypes.typeString(value)).append(")(");
          fmt.fmt0x64(FAKE_ADDRESS, true);
          buf.append(')');
        } else {
          fmt.fmt0x64(FAKE_ADDRESS, !fmt.sharp);
        }
      }
      case 'p' -> fmt.fmt0x64(FAKE_ADDRESS, !fmt.sharp);
      case 'b', 'o', 'd', 'x', 'X' -> fmtInteger(FAKE_ADDRESS, false, verb, value);
      default -> badVerb(verb, value);
    }
  }

  // ---- containers

  private void printList(List<?> list, int verb, int depth) {
    int n = list.size();
    if (fmt.sharpV) {
      buf.append("[]interface {}{");
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          buf.append(", ");
        }
        printValue(list.get(i), verb, depth + 1);
      }
      buf.append('}');
      return;
    }
    buf.append('[');
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        buf.append(' ');
      }
      printValue(list.get(i), verb, depth + 1);
    }
    buf.append(']');
  }

  private void printMap(Map<?, ?> map, int verb, int depth) {
    if (fmt.sharpV) {
      buf.append(GoFormatTypes.typeString(map)).append('{');
    } else {
      buf.append("map[");
    }
    Object[] keys = GoFormatTypes.sortedKeys(map);
    for (int i = 0; i < keys.length; i++) {
      if (i > 0) {
        if (fmt.sharpV) {
          buf.append(", ");
        } else {
          buf.append(' ');
        }
      }
      printValue(keys[i], verb, depth + 1);
      buf.append(':');
      printValue(map.get(keys[i]), verb, depth + 1);
    }
    buf.append(fmt.sharpV ? '}' : ']');
  }

  private void printStruct(GoStruct struct, int verb, int depth) {
    if (struct.pointer()) {
      if (depth > 0) {
        fmtPointer(struct, verb);
        return;
      }
      buf.append('&');
      depth++;
    }
    if (fmt.sharpV) {
      buf.append(GoFormatTypes.structName(struct));
    }
    buf.append('{');
    List<String> names = struct.fieldNames();
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        if (fmt.sharpV) {
          buf.append(", ");
        } else {
          buf.append(' ');
        }
      }
      String name = names.get(i);
      if (fmt.plusV || fmt.sharpV) {
        buf.append(name).append(':');
      }
      printValue(struct.field(name), verb, depth + 1);
    }
    buf.append('}');
  }

  /**
   * {@code []byte} ({@code []uint8} below the top level, as Go's reflection names it): {@code %s %q %x %X} treat it
   * as a string, other verbs print each byte as a uint8.
   */
  private void printBytes(byte[] bytes, int verb, int depth) {
    switch (verb) {
      case 's' -> fmt.fmtS(GoQuote.decodeUtf8(bytes));
      case 'x' -> fmt.fmtSbx(bytes, false);
      case 'X' -> fmt.fmtSbx(bytes, true);
      case 'q' -> fmtQBytes(bytes);
      default -> {
        if (fmt.sharpV) {
          buf.append(depth == 0 ? "[]byte" : "[]uint8").append('{');
        } else {
          buf.append('[');
        }
        for (int i = 0; i < bytes.length; i++) {
          if (i > 0) {
            buf.append(fmt.sharpV ? ", " : " ");
          }
          printUint8(bytes[i] & 0xFF, verb);
        }
        buf.append(fmt.sharpV ? '}' : ']');
      }
    }
  }

  private void fmtQBytes(byte[] bytes) {
    byte[] b = bytes;
    if (fmt.precPresent) {
      // Truncate to prec runes, as Go truncates the string it quotes.
      int n = fmt.prec;
      int i = 0;
      while (i < b.length && n-- > 0) {
        i += (int) (GoQuote.decodeRune(b, i) >>> 32);
      }
      b = java.util.Arrays.copyOf(b, i);
    }
    if (fmt.sharp && GoQuote.canBackquote(b)) {
      fmt.pad("`" + GoQuote.decodeUtf8(b) + "`");
      return;
    }
    StringBuilder q = new StringBuilder(b.length + 2);
    GoQuote.appendQuotedBytes(q, b, fmt.plus);
    fmt.pad(q);
  }

  private void printUint8(int b, int verb) {
    switch (verb) {
      case 'v', 'd', 'b', 'o', 'O', 'x', 'X', 'c', 'q', 'U' -> fmtInteger(b, false, verb, null);
      default -> {
        buf.append("%!").appendCodePoint(verb).append("(uint8=");
        fmt.fmtInteger(b, 10, false, 'v', false);
        buf.append(')');
      }
    }
  }

  /**
   * Any other Java object: treated as a Go value with a {@code String()} method (its {@code toString()}), so
   * {@code %v %s %x %X %q} print that string and other verbs are bad verbs.
   */
  private void printOther(Object value, int verb) {
    switch (verb) {
      case 'v', 's', 'x', 'X', 'q' -> fmtString(String.valueOf(value), verb == 'v' && fmt.sharpV ? 's' : verb);
      default -> {
        buf.append("%!").appendCodePoint(verb).append('(').append(GoFormatTypes.typeString(value)).append('=');
        fmt.fmtS(String.valueOf(value));
        buf.append(')');
      }
    }
  }
}
