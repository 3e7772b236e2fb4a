package io.vaultlet.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Go's {@code path} package for slash-separated paths (Vault paths, sprig's {@code clean}). */
public final class GoPath {

  private GoPath() {}

  /**
   * {@code path.Clean}: one slash between elements, {@code .} elements dropped, {@code ..} eating the element before it
   * (and dropped at the root), no trailing slash; the empty path is {@code "."}.
   */
  public static String clean(String p) {
    if (p.isEmpty()) {
      return ".";
    }
    boolean rooted = p.startsWith("/");
    List<String> out = new ArrayList<>();
    for (String part : p.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
          out.remove(out.size() - 1);
        } else if (!rooted) {
          out.add("..");
        }
      } else {
        out.add(part);
      }
    }
    String joined = String.join("/", out);
    if (rooted) {
      return "/" + joined;
    }
    return joined.isEmpty() ? "." : joined;
  }

  /** {@code path.Join}: the non-empty elements joined by slashes, then cleaned; {@code ""} when all are empty. */
  public static String join(String... elements) {
    for (int i = 0; i < elements.length; i++) {
      if (!elements[i].isEmpty()) {
        return clean(String.join("/", Arrays.asList(elements).subList(i, elements.length)));
      }
    }
    return "";
  }
}
