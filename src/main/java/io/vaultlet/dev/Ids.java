package io.vaultlet.dev;

import java.security.SecureRandom;
import java.util.UUID;

/** Random identifiers in Vault's shapes: base62 tokens, accessors, lease suffixes, UUIDs. */
final class Ids {

  private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  static String base62(int length) {
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = BASE62[RANDOM.nextInt(BASE62.length)];
    }
    return new String(out);
  }

  /** A service token id: {@code hvs.} plus 24 base62 characters. */
  static String serviceToken() {
    return "hvs." + base62(24);
  }

  static String accessor() {
    return base62(24);
  }

  static String uuid() {
    return UUID.randomUUID().toString();
  }

  static String hex(int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(Character.forDigit(RANDOM.nextInt(16), 16));
    }
    return sb.toString();
  }
}
