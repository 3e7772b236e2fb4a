package io.vaultlet.template.gotmpl;

import java.math.BigInteger;
import java.util.List;

/**
 * The format-string walk of Go's {@code Sprintf} ({@code doPrintf} in fmt/print.go): flags, width and precision
 * (literal or {@code *}), explicit argument indexes {@code [n]}, and the error forms {@code %!(BADWIDTH)},
 * {@code %!(BADPREC)}, {@code %!v(BADINDEX)}, {@code %!v(MISSING)}, {@code %!(NOVERB)} and
 * {@code %!(EXTRA type=value, ...)}.
 */
final class GoFormatPrintf {

  /** Go refuses widths and precisions beyond a million. */
  private static final int TOO_LARGE = 1_000_000;
  private static final int NOT_AN_INT = Integer.MIN_VALUE;

  private final GoFormatPrinter p;
  private final GoFormatWriter fmt;
  private final String format;
  private final List<?> args;
  private final int end;

  private int i;
  private int argNum;
  private boolean reordered;
  private boolean goodArgNum;
  private boolean afterIndex;

  private GoFormatPrintf(GoFormatPrinter p, String format, List<?> args) {
    this.p = p;
    this.fmt = p.fmt;
    this.format = format;
    this.args = args;
    this.end = format.length();
  }

  static void doPrintf(GoFormatPrinter p, String format, List<?> args) {
    new GoFormatPrintf(p, format, args).run();
  }

  private void run() {
    while (i < end) {
      goodArgNum = true;
      int next = format.indexOf('%', i);
      if (next < 0) {
        p.buf.append(format, i, end);
        break;
      }
      if (next > i) {
        p.buf.append(format, i, next);
      }
      i = next + 1;
      if (!oneVerb()) {
        break;
      }
    }
    if (!reordered && argNum < args.size()) {
      appendExtra();
    }
  }

  /** Processes one directive after its '%'; false when the format ended without a verb. */
  private boolean oneVerb() {
    fmt.clearFlags();
    parseFlags();
    argNumber();
    parseWidth();
    parsePrecision();
    if (!afterIndex) {
      argNumber();
    }
    if (i >= end) {
      p.buf.append("%!(NOVERB)");
      return false;
    }
    int verb = format.codePointAt(i);
    i += Character.charCount(verb);
    if (verb == '%') {
      p.buf.append('%');
    } else if (!goodArgNum) {
      p.buf.append("%!").appendCodePoint(verb).append("(BADINDEX)");
    } else if (argNum >= args.size()) {
      p.buf.append("%!").appendCodePoint(verb).append("(MISSING)");
    } else {
      if (verb == 'v') {
        fmt.sharpV = fmt.sharp;
        fmt.sharp = false;
        fmt.plusV = fmt.plus;
        fmt.plus = false;
      }
      p.printArg(args.get(argNum), verb);
      argNum++;
    }
    return true;
  }

  private void parseFlags() {
    for (; i < end; i++) {
      switch (format.charAt(i)) {
        case '#' -> fmt.sharp = true;
        case '0' -> fmt.zero = !fmt.minus;
        case '+' -> fmt.plus = true;
        case '-' -> {
          fmt.minus = true;
          fmt.zero = false;
        }
        case ' ' -> fmt.space = true;
        default -> {
          return;
        }
      }
    }
  }

  private void parseWidth() {
    if (i < end && format.charAt(i) == '*') {
      i++;
      int num = intFromArg();
      fmt.widPresent = num != NOT_AN_INT;
      fmt.wid = fmt.widPresent ? num : 0;
      if (!fmt.widPresent) {
        p.buf.append("%!(BADWIDTH)");
      }
      if (fmt.wid < 0) {
        fmt.wid = -fmt.wid;
        fmt.minus = true;
        fmt.zero = false;
      }
      afterIndex = false;
    } else {
      int start = i;
      fmt.wid = parseNum();
      fmt.widPresent = i > start && fmt.wid >= 0;
      if (fmt.wid < 0) {
        fmt.wid = 0;
      }
      if (afterIndex && fmt.widPresent) {
        goodArgNum = false;
      }
    }
  }

  private void parsePrecision() {
    if (i + 1 < end && format.charAt(i) == '.') {
      i++;
      if (afterIndex) {
        goodArgNum = false;
      }
      argNumber();
      if (i < end && format.charAt(i) == '*') {
        i++;
        int num = intFromArg();
        fmt.precPresent = num != NOT_AN_INT;
        fmt.prec = fmt.precPresent ? num : 0;
        if (fmt.prec < 0) {
          fmt.prec = 0;
          fmt.precPresent = false;
        }
        if (!fmt.precPresent) {
          p.buf.append("%!(BADPREC)");
        }
        afterIndex = false;
      } else {
        int start = i;
        fmt.prec = parseNum();
        if (i == start || fmt.prec < 0) {
          fmt.prec = 0;
        }
        fmt.precPresent = true;
      }
    }
  }

  /**
   * Go's {@code parsenum}: decimal digits at {@code i}; -1 when the number grows too large, in which case the
   * rest of the format is consumed, as in Go.
   */
  private int parseNum() {
    int num = 0;
    while (i < end) {
      char c = format.charAt(i);
      if (c < '0' || c > '9') {
        break;
      }
      if (num > TOO_LARGE || num < -TOO_LARGE) {
        i = end;
        return -1;
      }
      num = num * 10 + (c - '0');
      i++;
    }
    return num;
  }

  /** An explicit argument index {@code [n]} at {@code i}, if present. */
  private void argNumber() {
    if (i >= end || format.charAt(i) != '[') {
      afterIndex = false;
      return;
    }
    reordered = true;
    int close = format.indexOf(']', i + 1);
    if (end - i < 3 || close < 0) {
      // No closing bracket: consume the '[' only.
      i++;
      goodArgNum = false;
      afterIndex = false;
      return;
    }
    boolean ok = close > i + 1;
    int index = 0;
    for (int j = i + 1; j < close && ok; j++) {
      char c = format.charAt(j);
      if (c < '0' || c > '9' || index > TOO_LARGE) {
        ok = false;
      } else {
        index = index * 10 + (c - '0');
      }
    }
    index--;
    i = close + 1;
    if (ok && index >= 0 && index < args.size()) {
      argNum = index;
      afterIndex = true;
      return;
    }
    goodArgNum = false;
    afterIndex = ok;
  }

  /** Go's {@code intFromArg}: the next argument as a {@code *} width or precision, or {@link #NOT_AN_INT}. */
  private int intFromArg() {
    if (argNum >= args.size()) {
      return NOT_AN_INT;
    }
    Object a = args.get(argNum++);
    long n;
    if (a instanceof Long || a instanceof Integer || a instanceof Short || a instanceof Byte) {
      n = ((Number) a).longValue();
    } else if (a instanceof BigInteger big && big.bitLength() <= 63) {
      n = big.longValue();
    } else {
      return NOT_AN_INT;
    }
    return n > TOO_LARGE || n < -TOO_LARGE ? NOT_AN_INT : (int) n;
  }

  private void appendExtra() {
    fmt.clearFlags();
    p.buf.append("%!(EXTRA ");
    for (int k = argNum; k < args.size(); k++) {
      if (k > argNum) {
        p.buf.append(", ");
      }
      Object arg = args.get(k);
      if (arg == null) {
        p.buf.append("<nil>");
      } else {
        p.buf.append(GoFormatTypes.typeString(arg)).append('=');
        p.printArg(arg, 'v');
      }
    }
    p.buf.append(')');
  }
}
