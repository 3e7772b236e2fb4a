package io.vaultlet.template;

import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/** Go's {@code time.Format} with a reference-time layout ({@code Mon Jan 2 15:04:05 MST 2006}). */
final class GoTime {

  static final String RFC3339 = "2006-01-02T15:04:05Z07:00";

  private GoTime() {}

  static String format(ZonedDateTime t, String layout) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < layout.length()) {
      String rest = layout.substring(i);
      String tok = token(rest);
      if (tok == null) {
        sb.append(layout.charAt(i));
        i++;
        continue;
      }
      sb.append(render(t, tok));
      i += tok.length();
    }
    return sb.toString();
  }

  private static final String[] TOKENS = {
    "January", "Monday", "2006", "-07:00:00", "Z07:00:00", "-07:00", "Z07:00", "-0700", "Z0700", "-07", "Z07",
    "Jan", "Mon", "MST", "002", "__2", "_2", "01", "02", "03", "04", "05", "06", "15", "PM", "pm", "1", "2", "3",
    "4", "5"};

  private static String token(String rest) {
    for (String t : TOKENS) {
      if (rest.startsWith(t)) {
        if (t.equals("Jan") && rest.startsWith("January") || t.equals("Mon") && rest.startsWith("Monday")) {
          continue;
        }
        return t;
      }
    }
    // fractional seconds: .000 / .999 / ,000 / ,999 (a run of one digit, not followed by another digit)
    if (rest.length() >= 2 && (rest.charAt(0) == '.' || rest.charAt(0) == ',')
        && (rest.charAt(1) == '0' || rest.charAt(1) == '9')) {
      char d = rest.charAt(1);
      int end = 2;
      while (end < rest.length() && rest.charAt(end) == d) {
        end++;
      }
      if (end >= rest.length() || !Character.isDigit(rest.charAt(end))) {
        return rest.substring(0, end);
      }
    }
    return null;
  }

  private static String render(ZonedDateTime t, String tok) {
    int offset = t.getOffset().getTotalSeconds();
    switch (tok) {
      case "January": return t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
      case "Jan": return t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
      case "Monday": return t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
      case "Mon": return t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
      case "MST": return offset == 0 ? "UTC" : zone(offset, "-07");
      case "2006": return String.format("%04d", t.getYear());
      case "06": return String.format("%02d", t.getYear() % 100);
      case "01": return String.format("%02d", t.getMonthValue());
      case "1": return Integer.toString(t.getMonthValue());
      case "02": return String.format("%02d", t.getDayOfMonth());
      case "_2": return String.format("%2d", t.getDayOfMonth());
      case "2": return Integer.toString(t.getDayOfMonth());
      case "002": return String.format("%03d", t.getDayOfYear());
      case "__2": return String.format("%3d", t.getDayOfYear());
      case "15": return String.format("%02d", t.getHour());
      case "03": return String.format("%02d", hour12(t));
      case "3": return Integer.toString(hour12(t));
      case "04": return String.format("%02d", t.getMinute());
      case "4": return Integer.toString(t.getMinute());
      case "05": return String.format("%02d", t.getSecond());
      case "5": return Integer.toString(t.getSecond());
      case "PM": return t.getHour() >= 12 ? "PM" : "AM";
      case "pm": return t.getHour() >= 12 ? "pm" : "am";
      case "Z07:00:00": case "Z07:00": case "Z0700": case "Z07":
        return offset == 0 ? "Z" : zone(offset, tok.substring(1));
      case "-07:00:00": case "-07:00": case "-0700": case "-07":
        return zone(offset, tok);
      default:
        return fraction(t, tok);
    }
  }

  private static int hour12(ZonedDateTime t) {
    int h = t.getHour() % 12;
    return h == 0 ? 12 : h;
  }

  private static String zone(int offset, String style) {
    char sign = offset < 0 ? '-' : '+';
    int abs = Math.abs(offset);
    int h = abs / 3600;
    int m = abs / 60 % 60;
    int s = abs % 60;
    switch (style) {
      case "-07": return String.format("%c%02d", sign, h);
      case "-0700": return String.format("%c%02d%02d", sign, h, m);
      case "-07:00": return String.format("%c%02d:%02d", sign, h, m);
      default: return String.format("%c%02d:%02d:%02d", sign, h, m, s);
    }
  }

  private static String fraction(ZonedDateTime t, String tok) {
    int digits = tok.length() - 1;
    String nanos = String.format("%09d", t.getNano()).substring(0, Math.min(9, digits));
    if (tok.charAt(1) == '9') {
      nanos = nanos.replaceAll("0+$", "");
      return nanos.isEmpty() ? "" : tok.charAt(0) + nanos;
    }
    return tok.charAt(0) + nanos;
  }
}
