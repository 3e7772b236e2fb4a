package io.vaultlet.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The wild corpus ({@code ../shared/corpus/wild}: configurations people wrote, see its README) loaded as
 * {@code vaultlet config check} loads it. Every file vaultlet rejects must be rejected only for reasons Vault Agent
 * shares, each listed here with Vault's side ({@link #SHARED_REASONS}); docs/compatibility.md gives the numbers.
 * Skipped, saying so, when {@code ../shared} is not mounted.
 */
class WildCorpusTest {

  static final Path CORPUS = Stream.of(Path.of("..", "shared", "corpus", "wild"),
          Path.of("..", "..", "shared", "corpus", "wild"))
      .filter(Files::isDirectory).findFirst().orElse(Path.of("..", "shared", "corpus", "wild"));

  /** A rejection vaultlet may give, and where Vault Agent rejects the same file. */
  static final Map<Pattern, String> SHARED_REASONS = new LinkedHashMap<>();

  static {
    reason("invalid HCL: .*", "hcl.Parse fails at the same line and column");
    reason("template source \".*\": no such file", "the agent cannot start: consul-template fails reading the"
        + " template (the file lived next to the configuration in its repository)");
    reason("unknown key '.*' in 'template'( .*)?", "mapstructure ErrorUnused in parseTemplates");
    reason("no auto_auth, cache, or listener block found in config", "ValidateConfig");
    reason("(api_proxy|cache)\\.use_auto_auth_token is true but auto_auth not configured", "ValidateConfig");
    reason("enabling the cache requires at least 1 template or 1 listener to be defined", "ValidateConfig");
    reason("auto_auth requires at least one sink or at least one template.*", "ValidateConfig");
    reason("a top-level 'exec' element must be specified with 'env_template' entries", "validateEnvTemplateConfig");
    reason("'[a-z_.]+': invalid duration .*", "parseutil.ParseDurationSecond");
    reason("unknown sink type \".*\" \\(only \"file\" is supported\\)", "the agent cannot start: unknown sink type");
    reason("'config.path' is required for a file sink", "the file sink cannot start without a path");
  }

  private static void reason(String regex, String vault) {
    SHARED_REASONS.put(Pattern.compile(regex), vault);
  }

  private record Outcome(Path file, List<Problem> errors) {}

  private static List<Outcome> loadAll() throws IOException {
    List<Outcome> out = new ArrayList<>();
    for (String dir : List.of("configs", "proxy-configs")) {
      Path d = CORPUS.resolve(dir);
      if (!Files.isDirectory(d)) {
        continue;
      }
      try (Stream<Path> files = Files.list(d)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".hcl") || p.toString().endsWith(".json"))
            .sorted().toList()) {
          List<Problem> errors = new ArrayList<>();
          try {
            LoadedConfig loaded = ConfigLoader.load(List.of(f), Map.of());
            TemplateSources.check(loaded.config()).orThrow();
          } catch (ConfigException e) {
            errors.addAll(e.problems());
          }
          out.add(new Outcome(f, errors));
        }
      }
    }
    return out;
  }

  @Test
  void everyRejectionIsOneVaultAgentShares() throws IOException {
    Assumptions.assumeTrue(Files.isDirectory(CORPUS), "wild corpus " + CORPUS.toAbsolutePath().normalize()
        + " is absent (../shared not mounted): measurement skipped");
    List<Outcome> outcomes = loadAll();
    assertThat(outcomes).as("configurations in " + CORPUS).hasSizeGreaterThan(50);
    List<String> unshared = new ArrayList<>();
    int accepted = 0;
    for (Outcome o : outcomes) {
      if (o.errors().isEmpty()) {
        accepted++;
      }
      for (Problem p : o.errors()) {
        if (SHARED_REASONS.keySet().stream().noneMatch(re -> re.matcher(p.message()).matches())) {
          unshared.add(p.toString());
        }
      }
    }
    System.out.printf("wild corpus: %d of %d configurations accepted%n", accepted, outcomes.size());
    assertThat(unshared).as("rejections Vault Agent does not share").isEmpty();
  }

  @Test
  void keysVaultIgnoresNoLongerRejectAFile() throws IOException {
    Assumptions.assumeTrue(Files.isDirectory(CORPUS), "wild corpus " + CORPUS.toAbsolutePath().normalize()
        + " is absent (../shared not mounted): measurement skipped");
    for (Outcome o : loadAll()) {
      assertThat(o.errors()).as(o.file().toString()).noneMatch(p -> p.message().startsWith("unknown key")
          && !p.message().contains("in 'template'") && !p.message().contains("in 'exec'")
          && !p.message().startsWith("env_template"));
    }
  }
}
