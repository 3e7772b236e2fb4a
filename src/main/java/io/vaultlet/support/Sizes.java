package io.vaultlet.support;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes in configuration and messages: {@code "16MiB"} in, {@code 16MiB} out. */
public final class Sizes {

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]i?b?|b)?");

  private Sizes() {}

  /**
   * A size: a whole number of bytes, or a number with a unit — {@code B}, {@code KiB}/{@code KB}/{@code K},
   * {@code MiB}/{@code MB}/{@code M}, {@code GiB}/…, {@code TiB}/… (all binary multiples, as Kubernetes' {@code Mi}
   * readers expect; case-insensitive).
   *
   * @throws IllegalArgumentException with what to write instead
   */
  public static long parse(String text) {
    Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("invalid size \"" + Shown.cut(text) + "\": write bytes or a unit, e.g. \"16MiB\"");
    }
    long n;
    try {
      n = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("size \"" + Shown.cut(text) + "\" is too large");
    }
    String unit = m.group(2) == null ? "b" : m.group(2);
    int shift = switch (unit.charAt(0)) {
      case 'k' -> 10;
      case 'm' -> 20;
      case 'g' -> 30;
      case 't' -> 40;
      default -> 0;
    };
    if (n > (Long.MAX_VALUE >> shift)) {
      throw new IllegalArgumentException("size \"" + Shown.cut(text) + "\" is too large");
    }
    return n << shift;
  }

  /** A size as a person reads it: {@code 16MiB}, {@code 512KiB}, {@code 1000 bytes}. */
  public static String format(long bytes) {
    String[] units = {"TiB", "GiB", "MiB", "KiB"};
    int[] shifts = {40, 30, 20, 10};
    for (int i = 0; i < units.length; i++) {
      long unit = 1L << shifts[i];
      if (bytes >= unit && bytes % unit == 0) {
        return (bytes >> shifts[i]) + units[i];
      }
    }
    return bytes + " bytes";
  }
}
