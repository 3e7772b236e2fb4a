package io.vaultlet.template;

import io.vaultlet.template.gotmpl.GoFormat;

/** Go's {@code strconv.Quote} ({@code %q}) for strings. */
final class GoQuote {

  private GoQuote() {}

  static String quote(String s) {
    return GoFormat.quote(s);
  }
}
