package io.vaultlet.template;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Go's {@code base64.StdEncoding} and {@code base32.StdEncoding} as Sprig uses them: a string that does not decode
 * becomes the error text ({@code illegal base64 data at input byte N}), which Sprig returns as the result.
 */
final class GoBase {

  private static final String B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  private GoBase() {}

  static String decode64(String s) {
    String clean = s.replace("\r", "").replace("\n", "");
    try {
      if (clean.length() % 4 != 0) {
        throw new IllegalArgumentException();
      }
      return new String(Base64.getDecoder().decode(clean), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return "illegal base64 data at input byte " + badByte(clean, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 4);
    }
  }

  static String encode32(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < b.length; i += 5) {
      long chunk = 0;
      int n = Math.min(5, b.length - i);
      for (int j = 0; j < 5; j++) {
        chunk = chunk << 8 | (j < n ? b[i + j] & 0xFF : 0);
      }
      int chars = (n * 8 + 4) / 5;
      for (int j = 0; j < 8; j++) {
        out.append(j < chars ? B32.charAt((int) (chunk >>> (35 - 5 * j)) & 31) : '=');
      }
    }
    return out.toString();
  }

  static String decode32(String s) {
    String clean = s.replace("\r", "").replace("\n", "");
    if (clean.length() % 8 != 0) {
      return "illegal base32 data at input byte " + badByte(clean, B32, 8);
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < clean.length(); i += 8) {
      String q = clean.substring(i, i + 8);
      int pad = q.length() - q.replaceAll("=+$", "").length();
      int data = 8 - pad;
      int bytes = switch (data) {
        case 8 -> 5;
        case 7 -> 4;
        case 5 -> 3;
        case 4 -> 2;
        case 2 -> 1;
        default -> -1;
      };
      if (bytes < 0 || pad > 0 && i + 8 != clean.length()) {
        return "illegal base32 data at input byte " + (i + Math.max(0, data));
      }
      long chunk = 0;
      for (int j = 0; j < 8; j++) {
        int v = j < data ? B32.indexOf(q.charAt(j)) : 0;
        if (v < 0) {
          return "illegal base32 data at input byte " + (i + j);
        }
        chunk = chunk << 5 | v;
      }
      for (int j = 0; j < bytes; j++) {
        out.write((int) (chunk >>> (32 - 8 * j)) & 0xFF);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Where Go's decoder stops: the first character outside the alphabet, else the start of the broken quantum. */
  private static int badByte(String s, String alphabet, int quantum) {
    int firstPad = s.indexOf('=');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '=') {
        continue;
      }
      if (alphabet.indexOf(c) < 0 || firstPad >= 0 && i > firstPad) {
        return i;
      }
    }
    if (firstPad >= 0 && s.length() % quantum == 0) {
      return firstPad;
    }
    return s.length() - s.length() % quantum;
  }
}
