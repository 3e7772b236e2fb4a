package io.vaultlet.dev.database;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * Usernames and passwords as Vault's PostgreSQL plugin makes them.
 *
 * <p>Username: the plugin's default template,
 * {@code v-{{display_name | truncate 8}}-{{role_name | truncate 8}}-{{random 20}}-{{unix_time}}} truncated to 63
 * characters (PostgreSQL's identifier limit). Password: Vault's default password policy, 20 characters of
 * {@code [A-Za-z0-9-]} with at least one lower-case letter, one upper-case letter, one digit and one dash.
 */
final class CredentialGenerator {

  static final int MAX_USERNAME = 63;
  private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
  private static final String DIGITS = "0123456789";
  private static final String ALNUM = UPPER + LOWER + DIGITS;

  private final SecureRandom random = new SecureRandom();

  String username(String displayName, String roleName, Instant now) {
    String name = "v-" + truncate(displayName, 8) + "-" + truncate(roleName, 8) + "-" + randomAlnum(20) + "-"
        + now.getEpochSecond();
    return truncate(name, MAX_USERNAME);
  }

  String password() {
    char[] out = new char[20];
    out[0] = pick(UPPER);
    out[1] = pick(LOWER);
    out[2] = pick(DIGITS);
    out[3] = '-';
    String all = ALNUM + "-";
    for (int i = 4; i < out.length; i++) {
      out[i] = pick(all);
    }
    for (int i = out.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      char tmp = out[i];
      out[i] = out[j];
      out[j] = tmp;
    }
    return new String(out);
  }

  private String randomAlnum(int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(pick(ALNUM));
    }
    return sb.toString();
  }

  private char pick(String alphabet) {
    return alphabet.charAt(random.nextInt(alphabet.length()));
  }

  private static String truncate(String s, int max) {
    String v = s == null ? "" : s;
    return v.length() <= max ? v : v.substring(0, max);
  }
}
