package io.vaultlet.template.gotmpl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GoFormatDigitsTest {

  /** The division fast path must agree with the exact search wherever it answers (Go goldens cover both). */
  @Test
  void fastShortestPathAgreesWithExactSearch() {
    SplittableRandom r = new SplittableRandom(20261127);
    for (int i = 0; i < 40_000; i++) {
      double v = switch (i % 3) {
        case 0 -> r.nextLong(1, 1_000_000_000_000L) / Math.pow(10, r.nextInt(0, 16));
        case 1 -> r.nextDouble() * Math.pow(10, r.nextInt(-7, 15));
        default -> Math.nextUp(r.nextLong(1, 100_000) / 100.0);
      };
      assertThat(GoFormatDigits.shortest(v)).as("%s", v).isEqualTo(GoFormatDigits.shortestExact(v));
    }
  }

  /** Java's digits are taken only when provably right: wherever that check accepts them, the exact search agrees. */
  @Test
  void checkedJavaDigitsAgreeWithExactSearch() {
    SplittableRandom r = new SplittableRandom(27);
    int accepted = 0;
    for (int i = 0; i < 40_000; i++) {
      double v = Math.abs(Double.longBitsToDouble(r.nextLong()));
      if (Double.isNaN(v) || Double.isInfinite(v) || v == 0) {
        continue;
      }
      GoFormatDigits checked = GoFormatDigits.shortestFromJava(v);
      if (checked != null) {
        accepted++;
        assertThat(checked).as("%s", v).isEqualTo(GoFormatDigits.shortestExact(v));
      }
    }
    assertThat(accepted).isGreaterThan(39_000);
  }

  /** Likewise for the double-arithmetic path of fixed decimals ({@code %.2f}). */
  @Test
  void fastFixedDecimalsAgreeWithExactRounding() {
    SplittableRandom r = new SplittableRandom(1127);
    for (int i = 0; i < 40_000; i++) {
      double v = i % 2 == 0
          ? r.nextLong(1, 10_000_000) / Math.pow(10, r.nextInt(0, 8))
          : r.nextDouble() * Math.pow(10, r.nextInt(-6, 12));
      int n = r.nextInt(0, 10);
      assertThat(GoFormatDigits.roundFraction(v, n)).as("%s to %d", v, n).isEqualTo(exactFraction(v, n));
    }
  }

  private static GoFormatDigits exactFraction(double v, int n) {
    java.math.BigDecimal d = new java.math.BigDecimal(v).setScale(n, java.math.RoundingMode.HALF_EVEN);
    if (d.signum() == 0) {
      return new GoFormatDigits("", 0);
    }
    d = d.stripTrailingZeros();
    String s = d.unscaledValue().toString();
    return new GoFormatDigits(s, s.length() - d.scale());
  }

  @Test
  void shortestDigitsAreDigitsAndDecimalPoint() {
    assertThat(GoFormatDigits.shortest(3.14)).isEqualTo(new GoFormatDigits("314", 1));
    assertThat(GoFormatDigits.shortest(0.001)).isEqualTo(new GoFormatDigits("1", -2));
    assertThat(GoFormatDigits.shortest(1.5e300)).isEqualTo(new GoFormatDigits("15", 301));
    assertThat(GoFormatDigits.shortest(0.0)).isEqualTo(new GoFormatDigits("", 0));
  }

  @Test
  void formatsLikeStrconvFormatFloat() {
    assertThat(GoFloat.format(1e21, 'g', -1, 64)).isEqualTo("1e+21");
    assertThat(GoFloat.format(-0.0, 'f', 2, 64)).isEqualTo("-0.00");
    assertThat(GoFloat.format(1.0, 'x', -1, 64)).isEqualTo("0x1p+00");
    assertThat(GoFloat.format(1.0, 'b', -1, 64)).isEqualTo("4503599627370496p-52");
    assertThat(GoFloat.format(Double.NaN, 'e', 3, 64)).isEqualTo("NaN");
  }
}
