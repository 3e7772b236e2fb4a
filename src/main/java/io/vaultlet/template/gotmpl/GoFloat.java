package io.vaultlet.template.gotmpl;

/**
 * Go's {@code strconv.AppendFloat} for float64 and float32: formats {@code e E f g G b x X}, precision {@code -1}
 * for the shortest decimal that reads back as the same value.
 *
 * <p>This class lays digits out as strconv's ftoa.go does; {@link GoFormatDigits} finds the digits.
 */
final class GoFloat {

  private GoFloat() {}

  /** {@code strconv.FormatFloat(v, fmt, prec, bitSize)}. */
  static String format(double v, char fmt, int prec, int bitSize) {
    StringBuilder sb = new StringBuilder(24);
    append(sb, v, fmt, prec, bitSize);
    return sb.toString();
  }

  /** {@code strconv.AppendFloat(dst, v, fmt, prec, bitSize)}. */
  static void append(StringBuilder dst, double v, char fmt, int prec, int bitSize) {
    boolean is32 = bitSize == 32;
    long bits;
    int mantBits;
    int expBits;
    int bias;
    if (is32) {
      bits = Float.floatToRawIntBits((float) v) & 0xFFFFFFFFL;
      mantBits = 23;
      expBits = 8;
      bias = -127;
    } else {
      bits = Double.doubleToRawLongBits(v);
      mantBits = 52;
      expBits = 11;
      bias = -1023;
    }
    boolean neg = (bits >>> (expBits + mantBits)) != 0;
    int exp = (int) (bits >>> mantBits) & ((1 << expBits) - 1);
    long mant = bits & ((1L << mantBits) - 1);
    if (exp == (1 << expBits) - 1) {
      dst.append(mant != 0 ? "NaN" : neg ? "-Inf" : "+Inf");
      return;
    }
    if (exp == 0) {
      exp++;
    } else {
      mant |= 1L << mantBits;
    }
    exp += bias;
    if (fmt == 'b') {
      appendB(dst, neg, mant, exp - mantBits);
      return;
    }
    if (fmt == 'x' || fmt == 'X') {
      appendX(dst, prec, fmt, neg, mant, exp, mantBits);
      return;
    }
    double abs = Math.abs(is32 ? (double) (float) v : v);
    if (prec < 0) {
      appendShortest(dst, neg, is32 ? GoFormatDigits.shortest((float) abs) : GoFormatDigits.shortest(abs), fmt);
    } else {
      appendRounded(dst, neg, abs, fmt, prec);
    }
  }

  /** Precision -1: the shortest digits, laid out with as many digits as they have. */
  private static void appendShortest(StringBuilder dst, boolean neg, GoFormatDigits digs, char fmt) {
    int prec = switch (fmt) {
      case 'e', 'E' -> Math.max(digs.nd() - 1, 0);
      case 'f' -> Math.max(digs.nd() - digs.dp(), 0);
      default -> digs.nd();
    };
    formatDigits(dst, true, neg, digs, prec, fmt);
  }

  /** An explicit precision: the exact value rounded half-even to it. */
  private static void appendRounded(StringBuilder dst, boolean neg, double abs, char fmt, int prec) {
    GoFormatDigits digs;
    switch (fmt) {
      case 'e', 'E' -> digs = GoFormatDigits.roundSignificant(abs, prec + 1);
      case 'f' -> digs = GoFormatDigits.roundFraction(abs, prec);
      case 'g', 'G' -> {
        if (prec == 0) {
          prec = 1;
        }
        digs = GoFormatDigits.roundSignificant(abs, prec);
      }
      default -> digs = GoFormatDigits.roundSignificant(abs, 1);
    }
    formatDigits(dst, false, neg, digs, prec, fmt);
  }

  private static void formatDigits(StringBuilder dst, boolean shortest, boolean neg, GoFormatDigits digs, int prec, char fmt) {
    switch (fmt) {
      case 'e', 'E' -> appendE(dst, neg, digs, prec, fmt);
      case 'f' -> appendF(dst, neg, digs, prec);
      case 'g', 'G' -> {
        int eprec = prec;
        if (eprec > digs.nd() && digs.nd() >= digs.dp()) {
          eprec = digs.nd();
        }
        // Shortest output switches to exponent form outside [1e-4, 1e6), as %e's default precision would.
        if (shortest) {
          eprec = 6;
        }
        int exp = digs.dp() - 1;
        if (exp < -4 || exp >= eprec) {
          if (prec > digs.nd()) {
            prec = digs.nd();
          }
          appendE(dst, neg, digs, prec - 1, fmt == 'g' ? 'e' : 'E');
          return;
        }
        if (prec > digs.dp()) {
          prec = digs.nd();
        }
        appendF(dst, neg, digs, Math.max(prec - digs.dp(), 0));
      }
      default -> dst.append('%').append(fmt);
    }
  }

  // ---- layouts

  /** {@code %e}: -d.ddddde±dd. */
  private static void appendE(StringBuilder dst, boolean neg, GoFormatDigits d, int prec, char fmt) {
    if (neg) {
      dst.append('-');
    }
    String digits = d.d();
    int nd = digits.length();
    dst.append(nd != 0 ? digits.charAt(0) : '0');
    if (prec > 0) {
      dst.append('.');
      int m = Math.min(nd, prec + 1);
      int i = 1;
      if (i < m) {
        dst.append(digits, i, m);
        i = m;
      }
      for (; i <= prec; i++) {
        dst.append('0');
      }
    }
    dst.append(fmt);
    int exp = nd == 0 ? 0 : d.dp() - 1;
    if (exp < 0) {
      dst.append('-');
      exp = -exp;
    } else {
      dst.append('+');
    }
    if (exp < 10) {
      dst.append('0').append((char) ('0' + exp));
    } else {
      dst.append(exp);
    }
  }

  /** {@code %f}: -ddddd.ddddd. */
  private static void appendF(StringBuilder dst, boolean neg, GoFormatDigits d, int prec) {
    if (neg) {
      dst.append('-');
    }
    String digits = d.d();
    int nd = digits.length();
    int dp = d.dp();
    if (dp > 0) {
      int m = Math.min(nd, dp);
      dst.append(digits, 0, m);
      for (; m < dp; m++) {
        dst.append('0');
      }
    } else {
      dst.append('0');
    }
    if (prec > 0) {
      dst.append('.');
      for (int i = 0; i < prec; i++) {
        int j = dp + i;
        dst.append(j >= 0 && j < nd ? digits.charAt(j) : '0');
      }
    }
  }

  /** {@code %b}: -ddddp±ddd, the binary mantissa and exponent in decimal. */
  private static void appendB(StringBuilder dst, boolean neg, long mant, int exp) {
    if (neg) {
      dst.append('-');
    }
    dst.append(mant).append('p');
    if (exp >= 0) {
      dst.append('+');
    }
    dst.append(exp);
  }

  /** {@code %x}: -0x1.hhhhp±dd, or -0x0p+00 for zero; precision rounds the hex digits half-even. */
  private static void appendX(StringBuilder dst, int prec, char fmt, boolean neg, long mant, int exp, int mantBits) {
    if (mant == 0) {
      exp = 0;
    }
    mant <<= 60 - mantBits;
    while (mant != 0 && (mant & (1L << 60)) == 0) {
      mant <<= 1;
      exp--;
    }
    if (prec >= 0 && prec < 15) {
      int shift = prec * 4;
      long extra = (mant << shift) & ((1L << 60) - 1);
      mant >>>= 60 - shift;
      if ((extra | (mant & 1)) > 1L << 59) {
        mant++;
      }
      mant <<= 60 - shift;
      if ((mant & (1L << 61)) != 0) {
        mant >>>= 1;
        exp++;
      }
    }
    String hex = fmt == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    if (neg) {
      dst.append('-');
    }
    dst.append('0').append(fmt).append((char) ('0' + ((mant >>> 60) & 1)));
    mant <<= 4;
    if (prec < 0 && mant != 0) {
      dst.append('.');
      while (mant != 0) {
        dst.append(hex.charAt((int) ((mant >>> 60) & 15)));
        mant <<= 4;
      }
    } else if (prec > 0) {
      dst.append('.');
      for (int i = 0; i < prec; i++) {
        dst.append(hex.charAt((int) ((mant >>> 60) & 15)));
        mant <<= 4;
      }
    }
    dst.append(fmt == 'X' ? 'P' : 'p');
    if (exp < 0) {
      dst.append('-');
      exp = -exp;
    } else {
      dst.append('+');
    }
    if (exp < 10) {
      dst.append('0');
    }
    dst.append(exp);
  }
}
