package io.vaultlet.support;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean …?" for misspelt names (config keys, template functions): the closest known name by edit distance (a
 * swap of neighbours costs 1). Words longer than {@link #MAX_WORD} get no suggestion: nobody mistypes a 64-character
 * key, and the distance is quadratic in the length.
 */
public final class Suggestions {

  /** The longest word a suggestion is looked for. */
  public static final int MAX_WORD = 64;

  private Suggestions() {}

  /** The closest candidate, when it is close enough to be a typo of {@code word}. */
  public static Optional<String> closest(String word, Collection<String> candidates) {
    if (word == null || word.isEmpty() || word.length() > MAX_WORD) {
      return Optional.empty();
    }
    String w = normalize(word);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      if (Math.abs(candidate.length() - w.length()) > 3) {
        continue;
      }
      int d = distance(w, normalize(candidate));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    int limit = w.length() <= 3 ? 1 : w.length() <= 6 ? 2 : 3;
    return best != null && bestDistance <= limit ? Optional.of(best) : Optional.empty();
  }

  /** Appends {@code "; did you mean \"x\"?"} when there is a near miss. */
  public static String didYouMean(String word, Collection<String> candidates) {
    return closest(word, candidates).map(s -> " (did you mean \"" + s + "\"?)").orElse("");
  }

  private static String normalize(String s) {
    return s.toLowerCase(Locale.ROOT).replace('-', '_');
  }

  /** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
