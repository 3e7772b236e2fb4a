package io.vaultlet.dev.database;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Vault's statement handling for SQL plugins: each configured statement is split on {@code ;} into queries, and
 * {@code {{key}}} placeholders are substituted.
 *
 * <p>Unlike Vault's plain split, a {@code ;} inside single quotes, double quotes or a {@code $$ … $$} body does not split,
 * so {@code DO $$ … $$} blocks work.
 */
final class SqlStatements {

  private SqlStatements() {}

  /** Every query of every statement, with the placeholders substituted. */
  static List<String> render(List<String> statements, Map<String, String> values) {
    List<String> queries = new ArrayList<>();
    for (String statement : statements) {
      for (String query : split(statement)) {
        queries.add(substitute(query, values));
      }
    }
    return queries;
  }

  static String substitute(String query, Map<String, String> values) {
    String out = query;
    for (Map.Entry<String, String> e : values.entrySet()) {
      out = out.replace("{{" + e.getKey() + "}}", e.getValue());
    }
    return out;
  }

  static List<String> split(String statement) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    char quote = 0;
    boolean dollar = false;
    for (int i = 0; i < statement.length(); i++) {
      char c = statement.charAt(i);
      if (dollar) {
        if (c == '$' && i + 1 < statement.length() && statement.charAt(i + 1) == '$') {
          dollar = false;
          current.append("$$");
          i++;
          continue;
        }
      } else if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '$' && i + 1 < statement.length() && statement.charAt(i + 1) == '$') {
        dollar = true;
        current.append("$$");
        i++;
        continue;
      } else if (c == ';') {
        addIfNotBlank(out, current);
        current.setLength(0);
        continue;
      }
      current.append(c);
    }
    addIfNotBlank(out, current);
    return out;
  }

  private static void addIfNotBlank(List<String> out, StringBuilder query) {
    String q = query.toString().trim();
    if (!q.isEmpty()) {
      out.add(q);
    }
  }
}
