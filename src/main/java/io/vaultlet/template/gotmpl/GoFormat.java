package io.vaultlet.template.gotmpl;

import java.util.List;

/**
 * Go's {@code fmt} package for the template data model (see {@link GoStruct}): {@code Sprint}, {@code Sprintln},
 * {@code Sprintf} and the {@code %v} form used when a template prints a value.
 *
 * <p>Output matches Go 1.19's fmt for the Go types the model stands for, checked against goldens that Go produced
 * (src/test/go/fmtgolden). Java types map to Go types as follows:
 * <ul>
 *   <li>{@code null} is nil, {@link Boolean} bool, {@link String} string;</li>
 *   <li>{@link Long} and {@link Integer} are int, {@link Short} int16, {@link Byte} int8 (the engine's type names);
 *       a {@link java.math.BigInteger} is int when it fits 64 bits signed, uint64 when it fits unsigned, and is
 *       printed as {@code *big.Int} beyond that;</li>
 *   <li>{@link Double} is float64, {@link Float} float32;</li>
 *   <li>{@code byte[]} is {@code []byte}, a {@link List} {@code []interface {}}, a {@link java.util.Map}
 *       {@code map[string]interface {}};</li>
 *   <li>a {@link GoStruct} is a struct, or a pointer to one, whose fields are interface values;</li>
 *   <li>a {@link TemplateFunction} is a func value.</li>
 * </ul>
 *
 * <p>{@code %v} of a float is {@code %g} with the shortest digits that read back as the value, in exponent form
 * when the decimal exponent is below -4 or at least 6 ({@code 1e-05}, {@code 0.0001}, {@code 123456},
 * {@code 1e+06}); explicit precisions round the exact binary value half to even. All methods are thread-safe.
 *
 * <p>Deliberate differences from Go:
 * <ul>
 *   <li>Pointers below the top level (a pointer struct inside a list, map or struct), {@code %p} and func values
 *       print the fixed address {@code 0xc000010000} instead of a real one, so the same data always renders the
 *       same text.</li>
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

  /**
   * {@code strconv.FormatFloat(v, fmt, prec, 64)}: {@code fmt} one of {@code e E f g G b x X}, {@code prec} -1 for
   * the shortest digits that read back as {@code v} (which Java 17's {@link Double#toString} does not always give).
   */
  public static String formatFloat(double v, char fmt, int prec) {
    if ("eEfgGbxX".indexOf(fmt) < 0) {
      throw new IllegalArgumentException("strconv.FormatFloat has no format " + fmt);
    }
    return GoFloat.format(v, fmt, prec, 64);
  }

  /** {@code strconv.Quote(s)}: a double-quoted Go string literal, non-printable runes escaped. */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2);
    GoQuote.appendQuoted(sb, s, false);
    return sb.toString();
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
