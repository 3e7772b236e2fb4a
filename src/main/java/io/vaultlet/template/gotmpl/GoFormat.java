package io.vaultlet.template.gotmpl;

import java.util.List;

/**
 * Go's {@code fmt} package for the template data model (see {@link GoStruct}): {@code Sprint}, {@code Sprintln},
 * {@code Sprintf} and the {@code %v} form used when a template prints a value.
 *
 * <p>Output matches Go 1.19's fmt for the Go types the model stands for (checked against goldens produced by Go,
 * see src/test/go/fmtgolden). Java types map to Go types as follows: {@code null} is nil; {@link Boolean} is bool;
 * {@link Long}, {@link Integer}, {@link Short} and {@link Byte} are int; {@link java.math.BigInteger} is int when it
 * fits 64 bits signed, uint64 when it fits unsigned, else printed like {@code *big.Int}; {@link Double} is float64
 * and {@link Float} float32; {@link String} is string; {@code byte[]} is {@code []byte}; a {@link List} is
 * {@code []interface {}}; a {@link java.util.Map} is {@code map[string]interface {}}; a {@link GoStruct} is a struct,
 * or a pointer to one, whose fields are interface values.
 *
 * <p>Deliberate differences from Go:
 * <ul>
 *   <li>Pointers below the top level (a pointer struct inside a list, map or struct, or {@code %p}) print the fixed
 *       address {@code 0xc000010000} instead of a real one, so the same data always renders the same text.</li>
 *   <li>Other Java objects behave as a Go type whose {@code String()} method is {@link Object#toString()}; their
 *       {@code %T} is the Java class name.</li>
 *   <li>A string holding a lone surrogate is treated as the WTF-8 bytes of that surrogate (invalid UTF-8 in Go).</li>
 * </ul>
 */
public final class GoFormat {

  private GoFormat() {}

  /** {@code fmt.Sprint(args...)}: spaces between operands when neither side is a string. */
  public static String sprint(List<Object> args) {
    if (args.size() == 1) {
      return formatValue(args.get(0));
    }
    GoFormatPrinter p = new GoFormatPrinter(new StringBuilder());
    p.doPrint(args);
    return p.buf.toString();
  }

  /** {@code fmt.Sprintln(args...)}: always spaces between operands, newline at the end. */
  public static String sprintln(List<Object> args) {
    GoFormatPrinter p = new GoFormatPrinter(new StringBuilder());
    p.doPrintln(args);
    return p.buf.toString();
  }

  /** {@code fmt.Sprintf(format, args...)}. */
  public static String sprintf(String format, List<Object> args) {
    GoFormatPrinter p = new GoFormatPrinter(new StringBuilder(format.length() + 16 * args.size()));
    GoFormatPrintf.doPrintf(p, format, args);
    return p.buf.toString();
  }

  /** {@code fmt.Sprint(value)} for one value: how a template prints {@code {{ . }}}. */
  public static String formatValue(Object value) {
    if (value instanceof String s) {
      return s;
    } else if (value instanceof Long l) {
      return Long.toString(l);
    } else if (value instanceof Boolean b) {
      return b ? "true" : "false";
    } else if (value == null) {
      return "<nil>";
    } else if (value instanceof Double d) {
      return GoFloat.format(d, 'g', -1, 64);
    } else if (value instanceof Integer i) {
      return Integer.toString(i);
    }
    GoFormatPrinter p = new GoFormatPrinter(new StringBuilder());
    p.printArg(value, 'v');
    return p.buf.toString();
  }
}
