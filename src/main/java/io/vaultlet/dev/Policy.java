package io.vaultlet.dev;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ACL policy: its name, its text as written, and the path rules parsed from it. The parser reads the subset of
 * HCL (and the JSON form) that policies use: {@code path "x/*" { capabilities = ["read", "list"] }}, the legacy
 * {@code policy = "read"}, comments; other keys inside a path block are skipped.
 */
record Policy(String name, String text, List<Acl.Rule> rules) {

  static final Set<String> CAPABILITIES = Set.of("create", "read", "update", "patch", "delete", "list", "sudo", "deny",
      "subscribe", "recover");

  static Policy parse(String name, String text) {
    String t = text.trim();
    List<Acl.Rule> rules = t.startsWith("{") ? parseJson(t) : new HclReader(text).rules();
    return new Policy(name, text, List.copyOf(rules));
  }

  @SuppressWarnings("unchecked")
  private static List<Acl.Rule> parseJson(String text) {
    Map<String, Object> root;
    try {
      root = Json.readObject(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw DevException.badRequest("failed to parse policy: " + e.getMessage());
    }
    List<Acl.Rule> out = new ArrayList<>();
    Object paths = root.get("path");
    if (paths instanceof Map<?, ?> m) {
      for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
        Set<String> caps = new LinkedHashSet<>();
        if (e.getValue() instanceof Map<?, ?> body) {
          Object c = body.get("capabilities");
          if (c instanceof List<?> list) {
            list.forEach(x -> caps.add(String.valueOf(x)));
          }
          Object legacy = body.get("policy");
          if (legacy != null) {
            caps.addAll(legacy(String.valueOf(legacy)));
          }
        }
        out.add(rule(e.getKey(), caps));
      }
    }
    return out;
  }

  static Acl.Rule rule(String pattern, Set<String> caps) {
    for (String c : caps) {
      if (!CAPABILITIES.contains(c)) {
        throw DevException.badRequest("failed to parse policy: path \"" + pattern + "\": invalid capability \"" + c
            + "\"");
      }
    }
    String p = pattern.startsWith("/") ? pattern.substring(1) : pattern;
    return new Acl.Rule(p, Set.copyOf(caps));
  }

  static Set<String> legacy(String policy) {
    switch (policy) {
      case "deny": return Set.of("deny");
      case "read": return Set.of("read", "list");
      case "write": return Set.of("create", "read", "update", "delete", "list");
      case "sudo": return Set.of("create", "read", "update", "delete", "list", "sudo");
      default: throw DevException.badRequest("failed to parse policy: invalid policy \"" + policy + "\"");
    }
  }

  /** A tiny tokenizer/reader for policy HCL. */
  private static final class HclReader {
    private final String s;
    private int i;

    HclReader(String s) {
      this.s = s;
    }

    List<Acl.Rule> rules() {
      List<Acl.Rule> out = new ArrayList<>();
      while (true) {
        skipSpace();
        if (i >= s.length()) {
          return out;
        }
        String key = word();
        skipSpace();
        if (key.equals("path")) {
          String pattern = string();
          skipSpace();
          if (peek() == '=') {
            i++;
            skipSpace();
          }
          expect('{');
          out.add(rule(pattern, block()));
        } else {
          expect('=');
          skipValue();
        }
      }
    }

    private Set<String> block() {
      Set<String> caps = new LinkedHashSet<>();
      while (true) {
        skipSpace();
        if (peek() == '}') {
          i++;
          return caps;
        }
        String key = word();
        skipSpace();
        if (peek() == '=') {
          i++;
        }
        skipSpace();
        if (key.equals("capabilities")) {
          expect('[');
          while (true) {
            skipSpace();
            if (peek() == ']') {
              i++;
              break;
            }
            caps.add(string());
            skipSpace();
            if (peek() == ',') {
              i++;
            }
          }
        } else if (key.equals("policy")) {
          caps.addAll(legacy(string()));
        } else {
          skipValue();
        }
        skipSpace();
        if (peek() == ',') {
          i++;
        }
      }
    }

    private void skipValue() {
      skipSpace();
      char c = peek();
      if (c == '"') {
        string();
      } else if (c == '{' || c == '[') {
        int depth = 0;
        do {
          char d = peek();
          if (d == '"') {
            string();
            continue;
          }
          if (d == '{' || d == '[') {
            depth++;
          } else if (d == '}' || d == ']') {
            depth--;
          }
          i++;
        } while (depth > 0 && i < s.length());
      } else {
        word();
      }
    }

    private String word() {
      if (peek() == '"') {
        return string();
      }
      int start = i;
      while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '-'
          || s.charAt(i) == '.')) {
        i++;
      }
      if (start == i) {
        throw error("unexpected '" + peek() + "'");
      }
      return s.substring(start, i);
    }

    private String string() {
      expect('"');
      StringBuilder sb = new StringBuilder();
      while (i < s.length() && s.charAt(i) != '"') {
        char c = s.charAt(i++);
        if (c == '\\' && i < s.length()) {
          char n = s.charAt(i++);
          sb.append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
        } else {
          sb.append(c);
        }
      }
      expect('"');
      return sb.toString();
    }

    private void expect(char c) {
      if (peek() != c) {
        throw error("expected '" + c + "'");
      }
      i++;
    }

    private char peek() {
      return i < s.length() ? s.charAt(i) : '\0';
    }

    private void skipSpace() {
      while (i < s.length()) {
        char c = s.charAt(i);
        if (Character.isWhitespace(c)) {
          i++;
        } else if (c == '#' || (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '/')) {
          while (i < s.length() && s.charAt(i) != '\n') {
            i++;
          }
        } else if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '*') {
          int end = s.indexOf("*/", i + 2);
          i = end < 0 ? s.length() : end + 2;
        } else {
          return;
        }
      }
    }

    private DevException error(String what) {
      int line = 1;
      int col = 1;
      for (int k = 0; k < Math.min(i, s.length()); k++) {
        if (s.charAt(k) == '\n') {
          line++;
          col = 1;
        } else {
          col++;
        }
      }
      return DevException.badRequest("failed to parse policy: At " + line + ":" + col + ": " + what);
    }
  }
}
