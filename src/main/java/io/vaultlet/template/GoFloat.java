package io.vaultlet.template;

import io.vaultlet.template.gotmpl.GoFormat;

/** Go's {@code strconv.FormatFloat(f, fmt, -1, 64)} (shortest digits that read back as the same value). */
final class GoFloat {

  private GoFloat() {}

  /** {@code 'g'}: exponent form when the exponent is below -4 or at least 6 (yaml.v2, go-spew). */
  static String formatG(double d) {
    return GoFormat.formatFloat(d, 'g', -1);
  }

  /** {@code 'f'}: never an exponent (BurntSushi TOML). */
  static String formatF(double d) {
    return GoFormat.formatFloat(d, 'f', -1);
  }

  /** {@code 'e'}. */
  static String formatE(double d) {
    return GoFormat.formatFloat(d, 'e', -1);
  }
}
