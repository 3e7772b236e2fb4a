package io.vaultlet.template;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Locates the shared consul-template corpus and the documented known differences. */
final class CorpusFiles {

  private CorpusFiles() {}

  /** {@code ../shared/corpus/consul-template} from the project root, or from one of its parents (worktrees). */
  static Optional<Path> corpusDir() {
    Path dir = Path.of("").toAbsolutePath();
    for (int i = 0; i < 4 && dir != null; i++, dir = dir.getParent()) {
      Path candidate = dir.resolve("../shared/corpus/consul-template").normalize();
      if (Files.isRegularFile(candidate.resolve("cases.json"))) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * The case names listed in docs/compatibility.md under "Corpus cases that do not pass" (one per bullet, in
   * backquotes).
   */
  static Set<String> knownFailures() throws java.io.IOException {
    String doc = Files.readString(Path.of("docs/compatibility.md"));
    int start = doc.indexOf("## Corpus cases that do not pass");
    Set<String> out = new LinkedHashSet<>();
    if (start < 0) {
      return out;
    }
    int end = doc.indexOf("\n## ", start + 5);
    String section = doc.substring(start, end < 0 ? doc.length() : end);
    Matcher m = Pattern.compile("(?m)^- `([^`]+)`").matcher(section);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
