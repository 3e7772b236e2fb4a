package io.vaultlet.template.gotmpl;

import java.util.List;

/**
 * Go's {@code fmt} package for the template data model (see {@link GoStruct}): {@code Sprint}, {@code Sprintln},
 * {@code Sprintf} and the {@code %v} form used when a template prints a value.
 *
 * <p>Placeholder bodies: the full implementation lands with the fmt work.
 */
public final class GoFormat {

  private GoFormat() {}

  /** {@code fmt.Sprint(args...)}: spaces between operands when neither side is a string. */
  public static String sprint(List<Object> args) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < args.size(); i++) {
      boolean isString = args.get(i) instanceof String;
      if (i > 0 && !isString && !(args.get(i - 1) instanceof String)) {
        sb.append(' ');
      }
      sb.append(formatValue(args.get(i)));
    }
    return sb.toString();
  }

  /** {@code fmt.Sprintln(args...)}: always spaces between operands, newline at the end. */
  public static String sprintln(List<Object> args) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(formatValue(args.get(i)));
    }
    return sb.append('\n').toString();
  }

  /** {@code fmt.Sprintf(format, args...)}. */
  public static String sprintf(String format, List<Object> args) {
    throw new UnsupportedOperationException("printf is not implemented yet");
  }

  /** {@code fmt.Sprint(value)} for one value: how a template prints {@code {{ . }}}. */
  public static String formatValue(Object value) {
    return value == null ? "<nil>" : String.valueOf(value);
  }
}
