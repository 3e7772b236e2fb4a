package io.vaultlet.template;

import java.util.Locale;

/** The template language: Go's text/template (consul-template, the default) or handlebars. */
public enum Dialect {
  GO, HANDLEBARS;

  /**
   * The dialect for a template: {@code engine} when set ({@code "go"}/{@code "gotemplate"} or {@code "handlebars"}),
   * otherwise handlebars for a source ending in {@code .hbs} or {@code .handlebars}, otherwise Go.
   */
  public static Dialect select(String source, String engine) {
    if (engine != null && !engine.isBlank()) {
      switch (engine.strip().toLowerCase(Locale.ROOT)) {
        case "handlebars": case "hbs": return HANDLEBARS;
        case "go": case "gotemplate": case "gotmpl": case "consul-template": return GO;
        default:
          throw new IllegalArgumentException(
              "unknown template engine \"" + engine + "\": expected \"go\" or \"handlebars\"");
      }
    }
    String s = source == null ? "" : source.toLowerCase(Locale.ROOT);
    return s.endsWith(".hbs") || s.endsWith(".handlebars") ? HANDLEBARS : GO;
  }
}
