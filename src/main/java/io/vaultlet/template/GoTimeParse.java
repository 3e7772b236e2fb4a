package io.vaultlet.template;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * Go's {@code time.ParseInLocation} with a reference-time layout, in UTC (what Sprig's {@code toDate} does with the
 * local zone of a container). The common layout elements: years, months (number and names), days, hours (12 and
 * 24), minutes, seconds, fractions, AM/PM and numeric zones.
 */
final class GoTimeParse {

  private static final List<String> MONTHS = List.of("January", "February", "March", "April", "May", "June", "July",
      "August", "September", "October", "November", "December");
  private static final List<String> DAYS = List.of("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
      "Saturday");
  private static final String[] TOKENS = {"January", "Monday", "2006", "-07:00:00", "-07:00", "-0700", "-07",
      "Z07:00:00", "Z07:00", "Z0700", "Z07", "Jan", "Mon", "MST", "002", "__2", "_2", "01", "02", "03", "04", "05",
      "06", "15", "PM", "pm", "1", "2", "3", "4", "5", ".000000000", ".000000", ".000", ".999999999", ".999999",
      ".999", ".00", ".0", ".99", ".9"};

  private GoTimeParse() {}

  static ZonedDateTime parse(String layout, String value) {
    int year = 1;
    int month = 1;
    int day = 1;
    int hour = 0;
    int min = 0;
    int sec = 0;
    int nano = 0;
    int offset = 0;
    boolean pm = false;
    boolean ampm = false;
    int li = 0;
    int vi = 0;
    while (li < layout.length()) {
      String tok = token(layout, li);
      if (tok == null) {
        if (vi >= value.length() || value.charAt(vi) != layout.charAt(li)) {
          throw bad(layout, value);
        }
        li++;
        vi++;
        continue;
      }
      li += tok.length();
      int at = vi;
      try {
        switch (tok) {
          case "2006" -> { year = digits(value, vi, 4, 4, layout); vi += 4; }
          case "06" -> { year = 1900 + digits(value, vi, 2, 2, layout); year += year < 1969 ? 100 : 0; vi += 2; }
          case "January", "Jan" -> {
            int m = name(value, vi, MONTHS, tok.length() == 3);
            if (m < 0) {
              throw bad(layout, value);
            }
            month = m + 1;
            vi += tok.length() == 3 ? 3 : MONTHS.get(m).length();
          }
          case "Monday", "Mon" -> {
            int d = name(value, vi, DAYS, tok.length() == 3);
            if (d < 0) {
              throw bad(layout, value);
            }
            vi += tok.length() == 3 ? 3 : DAYS.get(d).length();
          }
          case "01", "02", "03", "04", "05", "15" -> {
            int n = digits(value, vi, 2, 2, layout);
            vi += 2;
            switch (tok) {
              case "01" -> month = n;
              case "02" -> day = n;
              case "03" -> hour = n;
              case "04" -> min = n;
              case "05" -> sec = n;
              default -> hour = n;
            }
          }
          case "1", "2", "3", "4", "5", "_2", "__2", "002" -> {
            if (tok.startsWith("_") && vi < value.length() && value.charAt(vi) == ' ') {
              vi++;
            }
            int len = tok.equals("002") ? 3 : vi + 1 < value.length() && Character.isDigit(value.charAt(vi + 1)) ? 2 : 1;
            int n = digits(value, vi, len, len, layout);
            vi += len;
            switch (tok) {
              case "1" -> month = n;
              case "3" -> hour = n;
              case "4" -> min = n;
              case "5" -> sec = n;
              default -> day = n;
            }
          }
          case "PM", "pm" -> {
            String ap = value.substring(vi, Math.min(vi + 2, value.length())).toUpperCase(java.util.Locale.ROOT);
            if (!ap.equals("AM") && !ap.equals("PM")) {
              throw bad(layout, value);
            }
            ampm = true;
            pm = ap.equals("PM");
            vi += 2;
          }
          case "MST" -> {
            if (!value.startsWith("UTC", vi) && !value.startsWith("GMT", vi)) {
              throw bad(layout, value);
            }
            vi += 3;
          }
          default -> {
            if (tok.startsWith(".")) {
              if (vi < value.length() && value.charAt(vi) == '.') {
                int end = vi + 1;
                while (end < value.length() && Character.isDigit(value.charAt(end))) {
                  end++;
                }
                String f = (value.substring(vi + 1, end) + "000000000").substring(0, 9);
                nano = Integer.parseInt(f);
                vi = end;
              } else if (tok.charAt(1) == '0') {
                throw bad(layout, value);
              }
            } else {
              if (tok.startsWith("Z") && vi < value.length() && value.charAt(vi) == 'Z') {
                vi++;
              } else {
                int sign = value.charAt(vi) == '-' ? -1 : value.charAt(vi) == '+' ? 1 : 0;
                if (sign == 0) {
                  throw bad(layout, value);
                }
                int h = digits(value, vi + 1, 2, 2, layout);
                vi += 3;
                int m = 0;
                if (tok.contains("0700") || tok.contains("07:00")) {
                  if (tok.contains(":")) {
                    vi++;
                  }
                  m = digits(value, vi, 2, 2, layout);
                  vi += 2;
                }
                offset = sign * (h * 3600 + m * 60);
              }
            }
          }
        }
      } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
        throw new IllegalArgumentException("parsing time " + quote(value) + " as " + quote(layout) + ": cannot parse "
            + quote(value.substring(Math.min(at, value.length()))) + " as " + quote(tok));
      }
    }
    if (vi != value.length()) {
      throw new IllegalArgumentException("parsing time " + quote(value) + ": extra text: " + quote(value.substring(vi)));
    }
    if (ampm) {
      hour = hour % 12 + (pm ? 12 : 0);
    }
    try {
        return ZonedDateTime.of(year, month, day, hour, min, sec, nano, ZoneOffset.ofTotalSeconds(offset));
      } catch (java.time.DateTimeException e) {
        throw new IllegalArgumentException("parsing time " + quote(value) + ": " + e.getMessage());
      }
    }

    private static String token(String layout, int at) {
      for (String t : TOKENS) {
        if (layout.startsWith(t, at)) {
          if (t.startsWith(".") && at + t.length() < layout.length() && Character.isDigit(layout.charAt(at + t.length()))) {
            continue;
          }
          return t;
        }
      }
      return null;
    }

    private static int name(String value, int at, List<String> names, boolean abbreviated) {
      for (int i = 0; i < names.size(); i++) {
        String n = abbreviated ? names.get(i).substring(0, 3) : names.get(i);
        if (value.regionMatches(true, at, n, 0, n.length())) {
          return i;
        }
      }
      return -1;
    }

    private static int digits(String value, int at, int min, int max, String layout) {
      if (at + min > value.length()) {
        throw bad(layout, value);
      }
      String d = value.substring(at, at + max);
      if (!d.chars().allMatch(Character::isDigit)) {
        throw bad(layout, value);
      }
      return Integer.parseInt(d);
    }

    private static IllegalArgumentException bad(String layout, String value) {
      return new IllegalArgumentException("parsing time " + quote(value) + " as " + quote(layout) + ": cannot parse");
    }

    private static String quote(String s) {
      return io.vaultlet.template.gotmpl.GoFormat.quote(s);
    }
  }
