package io.vaultlet.config;

import io.vaultlet.config.hcl.ObjectNode;
import io.vaultlet.config.hcl.Position;
import io.vaultlet.support.Redactor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads the agent configuration: every {@code -config} file or directory, parsed (HCL1, or HCL1-JSON for
 * {@code .json}), bound, merged in order, overridden by the environment and the command line, and validated once.
 *
 * <pre>
 * LoadedConfig loaded = ConfigLoader.load(List.of(Path.of("/etc/vaultlet")), System.getenv());
 * AgentConfig config = loaded.config();
 * loaded.warnings().forEach(w -&gt; log.warn(w.toString()));
 * </pre>
 *
 * <p>A directory contributes its regular {@code *.hcl} and {@code *.json} files in name order (Vault uses directory
 * order, which is unspecified), skipping editor files ({@code name~}, {@code .#name}, {@code #name#}).
 *
 * <p>Secret values found in the configuration (see {@link SecretValues}) are registered with {@link Redactor}, so that
 * no log line or message can print them.
 *
 * <p>With no paths, {@code VAULT_AGENT_CONFIG_PATH} (or {@code BAO_AGENT_CONFIG_PATH}) names the configuration.
 */
public final class ConfigLoader {

  /** Parses one file's text into the HCL tree. */
  @FunctionalInterface
  interface Parser {
    ObjectNode parse(String fileName, String text) throws ConfigException;
  }

  /** One configuration file's name (used in positions) and text. */
  record Source(String name, String text) {}

  /**
   * What an unknown key in a block that Vault Agent decodes leniently (the top level, {@code vault},
   * {@code auto_auth}, {@code method}, {@code sink}, {@code template_config}, {@code cache}, …) is.
   */
  public enum Strictness {
    /** As Vault Agent: the file loads; each such key is a warning. The default. */
    VAULT,
    /** {@code -strict}: each such key is an error. */
    STRICT
  }

  private ConfigLoader() {}

  /** Loads {@code paths} with no command-line overrides. */
  public static LoadedConfig load(List<Path> paths, Map<String, String> env) throws ConfigException {
    return load(paths, env, ConfigOverrides.none());
  }

  /**
   * Loads, merges and validates. Throws with every problem found (each {@code file:line:col: message}); on success
   * returns the configuration and the warnings.
   */
  public static LoadedConfig load(List<Path> paths, Map<String, String> env, ConfigOverrides flags)
      throws ConfigException {
    return load(paths, env, flags, Strictness.VAULT);
  }

  /** As {@link #load(List, Map, ConfigOverrides)}; {@link Strictness#STRICT} for {@code -strict}. */
  public static LoadedConfig load(
      List<Path> paths, Map<String, String> env, ConfigOverrides flags, Strictness strictness)
      throws ConfigException {
    List<Path> roots = paths;
    if (roots.isEmpty()) {
      String fromEnv = firstNonEmpty(env.get("VAULT_AGENT_CONFIG_PATH"), env.get("BAO_AGENT_CONFIG_PATH"));
      if (fromEnv == null) {
        throw new ConfigException(Problem.at("vaultlet",
            "no configuration given: pass -config <file|dir> or set VAULT_AGENT_CONFIG_PATH"));
      }
      roots = List.of(Path.of(fromEnv));
    }
    Problems problems = new Problems(strictness);
    List<Source> sources = new ArrayList<>();
    for (Path root : roots) {
      sources.addAll(read(root, problems));
    }
    if (problems.hasErrors()) {
      throw new ConfigException(problems.errors());
    }
    return loadSources(sources, env, flags, problems);
  }

  /** Loads already-read sources (tests, and {@code config check} on standard input one day). */
  static LoadedConfig loadSources(List<Source> sources, Map<String, String> env, ConfigOverrides flags)
      throws ConfigException {
    return loadSources(sources, env, flags, new Problems());
  }

  static LoadedConfig loadSources(
      List<Source> sources, Map<String, String> env, ConfigOverrides flags, Strictness strictness)
      throws ConfigException {
    return loadSources(sources, env, flags, new Problems(strictness));
  }

  private static LoadedConfig loadSources(
      List<Source> sources, Map<String, String> env, ConfigOverrides flags, Problems problems)
      throws ConfigException {
    if (sources.isEmpty()) {
      throw new ConfigException(Problem.at("vaultlet", "no configuration files found"));
    }
    ConfigBinder binder = new ConfigBinder(env);
    List<ConfigFragment> fragments = new ArrayList<>();
    for (Source source : sources) {
      try {
        fragments.add(binder.bind(HclParsing.parse(source.name(), source.text()), problems));
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    }
    if (fragments.size() < sources.size()) {
      // A file that does not parse would make the merged result misleading ("no auto_auth block …"): report the
      // syntax errors and what the other files say on their own, nothing about their combination.
      throw new ConfigException(problems.errors());
    }
    ConfigFragment merged = ConfigMerger.merge(fragments);
    AgentConfig config = new ConfigFinisher(env, flags, problems).finish(merged);
    ConfigValidator.validate(config, startOf(sources.get(0)), problems);
    if (problems.hasErrors()) {
      throw new ConfigException(problems.errors());
    }
    SecretValues.in(config).forEach(Redactor::register);
    return new LoadedConfig(config, problems.warnings());
  }

  private static Position startOf(Source source) {
    return new Position(source.name(), 1, 1);
  }

  /** The files of one {@code -config} value: the file itself, or a directory's configuration files in name order. */
  private static List<Source> read(Path path, Problems problems) {
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(path)) {
      try (Stream<Path> entries = Files.list(path)) {
        entries.filter(Files::isRegularFile)
            .filter(p -> isConfigFile(p.getFileName().toString()))
            .sorted()
            .forEach(files::add);
      } catch (IOException e) {
        problems.error(path.toString(), "cannot list directory: " + reason(e));
        return List.of();
      }
      if (files.isEmpty()) {
        problems.error(path.toString(),
            "directory contains no configuration files (*.hcl or *.json)");
      }
    } else {
      files.add(path);
    }
    List<Source> out = new ArrayList<>();
    for (Path file : files) {
      try {
        out.add(new Source(file.toString(), Files.readString(file)));
      } catch (IOException e) {
        problems.error(file.toString(), "cannot read configuration: " + reason(e));
      }
    }
    return out;
  }

  /** {@code *.hcl} and {@code *.json}, but not editor temporary files ({@code x~}, {@code .#x}, {@code #x#}). */
  static boolean isConfigFile(String name) {
    if (!(name.endsWith(".hcl") || name.endsWith(".json"))) {
      return false;
    }
    boolean editorFile = name.endsWith("~") || name.startsWith(".#") || (name.startsWith("#") && name.endsWith("#"));
    return !editorFile;
  }

  private static String reason(IOException e) {
    if (e instanceof java.nio.charset.CharacterCodingException) {
      return "not valid UTF-8";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  private static String firstNonEmpty(String... values) {
    for (String v : values) {
      if (v != null && !v.isEmpty()) {
        return v;
      }
    }
    return null;
  }
}
