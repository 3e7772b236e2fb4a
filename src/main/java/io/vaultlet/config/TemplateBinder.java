package io.vaultlet.config;

import io.vaultlet.config.TemplateConfig.CommandConfig;
import io.vaultlet.config.TemplateConfig.TemplateEngine;
import io.vaultlet.config.TemplateConfig.WaitConfig;
import io.vaultlet.config.hcl.Item;
import io.vaultlet.config.hcl.LiteralNode;
import io.vaultlet.config.hcl.Position;
import io.vaultlet.support.Shown;
import io.vaultlet.support.Suggestions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Binds {@code template}, {@code env_template} and {@code template_config} (vault-agent.md §1.6–§1.8). Vault decodes
 * {@code template} and {@code env_template} strictly (mapstructure's {@code ErrorUnused}: an unknown key, also in a
 * template's {@code wait} or {@code exec}, is an error), and so does vaultlet; {@code template_config} is decoded
 * leniently (an unknown key is a warning, an error under {@code -strict}). A labelled {@code template "name" {}} is
 * a template: Vault drops the label.
 */
final class TemplateBinder {

  static final Set<String> TEMPLATE_KEYS = Set.of(
      "source", "contents", "destination", "create_dest_dirs", "perms", "backup", "command", "command_timeout",
      "exec", "error_on_missing_key", "error_fatal", "left_delimiter", "right_delimiter", "sandbox_path",
      "function_denylist", "function_blacklist", "wait", "user", "group", "uid", "gid",
      // vaultlet extensions
      "publish_group", "engine", "command_jitter", "renew_before", "verify", "grace_period", "slots");

  private static final Set<String> TEMPLATE_EXEC_KEYS = Set.of("command", "timeout");
  /** consul-template exec keys that Vault accepts in a template's exec block but that do nothing for templates. */
  private static final Set<String> TEMPLATE_EXEC_IGNORED =
      Set.of("enabled", "env", "kill_signal", "kill_timeout", "reload_signal", "splay");
  private static final Set<String> WAIT_KEYS = Set.of("min", "max");

  static final Set<String> ENV_TEMPLATE_KEYS = Set.of(
      "contents", "source", "error_on_missing_key", "error_fatal", "left_delimiter", "right_delimiter",
      "function_denylist", "function_blacklist", "engine");
  /** Template keys Vault rejects in env_template, each with its own message. */
  static final List<String> ENV_TEMPLATE_FORBIDDEN = List.of(
      "backup", "command", "command_timeout", "create_dest_dirs", "destination", "exec", "perms", "user", "uid",
      "group", "gid", "wait", "sandbox_path");

  static final Set<String> TEMPLATE_CONFIG_KEYS = Set.of(
      "exit_on_retry_failure", "static_secret_render_interval", "max_connections_per_host",
      "lease_renewal_threshold", "renew_before", Limits.MAX_OUTPUT_SIZE, Limits.MAX_FILE_SIZE,
      Limits.MAX_RESPONSE_SIZE, Limits.MAX_RENDER_STEPS, Limits.MAX_RENDER_TIME);

  List<TemplateConfig> templates(Block root) {
    List<TemplateConfig> out = new ArrayList<>();
    for (Block block : root.blocks("template")) {
      bindTemplate(block).ifPresent(out::add);
    }
    return out;
  }

  private Optional<TemplateConfig> bindTemplate(Block block) {
    block.rejectUnknownKeys(TEMPLATE_KEYS);
    Optional<String> source = block.string("source").filter(s -> !s.isEmpty());
    Optional<String> contents = block.string("contents").filter(s -> !s.isEmpty());
    checkSourceOrContents(block, source, contents, "template");
    Optional<String> destination = block.string("destination").filter(s -> !s.isEmpty());
    if (!block.has("destination")) {
      block.problems().error(block.position(), "'template' needs a 'destination' (the file to write)");
    } else if (block.string("destination").filter(String::isEmpty).isPresent()) {
      block.problems().error(block.valuePosition("destination"), "'template.destination' must not be empty");
    }
    Optional<Integer> perms = block.mode("perms", true).filter(p -> p != 0);
    Optional<CommandConfig> command = command(block);
    Optional<WaitConfig> wait = wait(block);
    Optional<String> user = owner(block, "user", "uid");
    Optional<String> group = owner(block, "group", "gid");
    Optional<String> publishGroup = block.nonEmptyString("publish_group");
    TemplateEngine engine = engine(block, source);
    Duration jitter = block.seconds("command_jitter").orElse(Duration.ZERO);
    Optional<Duration> renewBefore = block.seconds("renew_before");
    Delimiters delimiters = delimiters(block);
    RotationConfig rotation = RotationBinder.rotation(block);
    // On errors the record is still built (the loader throws before it escapes), so that later rules do not
    // report follow-on problems such as "auto_auth requires at least one sink or template".
    return Optional.of(new TemplateConfig(
        block.position(), source, contents, destination.orElse(""),
        block.bool("create_dest_dirs", true), perms, block.bool("backup", false), command,
        block.bool("error_on_missing_key", false), block.bool("error_fatal", true),
        delimiters.left(), delimiters.right(), block.string("sandbox_path").filter(s -> !s.isEmpty()),
        denylist(block), wait, user, group, publishGroup, engine, jitter, renewBefore, rotation));
  }

  private record Delimiters(String left, String right) {}

  private static Delimiters delimiters(Block block) {
    return new Delimiters(
        block.string("left_delimiter").filter(s -> !s.isEmpty()).orElse(TemplateConfig.DEFAULT_LEFT_DELIMITER),
        block.string("right_delimiter").filter(s -> !s.isEmpty()).orElse(TemplateConfig.DEFAULT_RIGHT_DELIMITER));
  }

  private static void checkSourceOrContents(
      Block block, Optional<String> source, Optional<String> contents, String what) {
    if (source.isPresent() && contents.isPresent()) {
      block.problems().error(block.positionOf("contents"),
          what + ": 'source' and 'contents' cannot be specified together (use one)");
    } else if (source.isEmpty() && contents.isEmpty()) {
      block.problems().error(block.position(), what + ": either 'source' or 'contents' must be specified");
    }
  }

  /** {@code function_denylist} plus the deprecated {@code function_blacklist}, as consul-template merges them. */
  private static List<String> denylist(Block block) {
    List<String> out = new ArrayList<>(block.stringList("function_denylist", true));
    if (block.has("function_blacklist")) {
      block.problems().warn(block.positionOf("function_blacklist"),
          "'function_blacklist' is deprecated; use 'function_denylist'");
      out.addAll(block.stringList("function_blacklist", true));
    }
    return out;
  }

  /** {@code exec { command, timeout }} wins; the legacy {@code command}/{@code command_timeout} fill what it lacks. */
  private static Optional<CommandConfig> command(Block block) {
    List<String> legacyCommand = block.stringList("command", true);
    Optional<Duration> legacyTimeout = block.goDuration("command_timeout");
    List<String> execCommand = List.of();
    Optional<Duration> execTimeout = Optional.empty();
    Optional<Block> exec = block.lastBlock("exec");
    if (exec.isPresent()) {
      Block e = exec.get();
      Set<String> known = new java.util.HashSet<>(TEMPLATE_EXEC_KEYS);
      known.addAll(TEMPLATE_EXEC_IGNORED);
      e.rejectUnknownKeys(known);
      for (String ignored : TEMPLATE_EXEC_IGNORED) {
        if (e.has(ignored)) {
          e.problems().warn(e.positionOf(ignored), "'template.exec." + ignored + "' is ignored by vaultlet");
        }
      }
      execCommand = e.stringList("command", true);
      execTimeout = e.goDuration("timeout");
    }
    if (!execCommand.isEmpty() && !legacyCommand.isEmpty()) {
      block.problems().warn(block.positionOf("command"),
          "'template.command' is ignored because 'template.exec.command' is set");
    }
    List<String> command = execCommand.isEmpty() ? legacyCommand : execCommand;
    Duration timeout = execTimeout.or(() -> legacyTimeout).orElse(TemplateConfig.DEFAULT_COMMAND_TIMEOUT);
    return command.isEmpty() ? Optional.empty() : Optional.of(new CommandConfig(command, timeout));
  }

  /** {@code wait { min, max }} (last block wins) or the string form {@code "min:max"} / {@code "min"}. */
  private static Optional<WaitConfig> wait(Block block) {
    Optional<Item> item = block.item("wait");
    if (item.isEmpty()) {
      return Optional.empty();
    }
    Optional<Duration> min;
    Optional<Duration> max;
    Position at;
    if (item.get().value() instanceof LiteralNode lit && lit.value() instanceof String text) {
      at = lit.position();
      String[] parts = text.split(":", -1);
      if (text.isBlank()) {
        block.problems().error(at, "'template.wait': cannot be empty");
        return Optional.empty();
      }
      if (parts.length > 2) {
        block.problems().error(at, "'template.wait': invalid format (expected \"min\" or \"min:max\")");
        return Optional.empty();
      }
      min = block.goDuration("wait", new LiteralNode(at, LiteralNode.Kind.STRING, parts[0]));
      max = parts.length == 2
          ? block.goDuration("wait", new LiteralNode(at, LiteralNode.Kind.STRING, parts[1]))
          : Optional.empty();
    } else {
      Optional<Block> w = block.lastBlock("wait");
      if (w.isEmpty()) {
        return Optional.empty();
      }
      w.get().rejectUnknownKeys(WAIT_KEYS);
      at = w.get().position();
      min = w.get().goDuration("min");
      max = w.get().goDuration("max");
    }
    if (min.isEmpty() || min.get().isZero()) {
      return Optional.empty();
    }
    Duration effectiveMax = max.filter(d -> !d.isZero()).orElse(min.get().multipliedBy(4));
    if (effectiveMax.compareTo(min.get()) < 0) {
      block.problems().error(at, "'template.wait': min must be less than max");
      return Optional.empty();
    }
    return Optional.of(new WaitConfig(min.get(), effectiveMax));
  }

  /** {@code user}/{@code group} as a name or numeric id; the legacy {@code uid}/{@code gid} numbers also work. */
  private static Optional<String> owner(Block block, String key, String legacyKey) {
    if (block.has(key)) {
      return block.string(key).filter(s -> !s.isEmpty());
    }
    return block.integer(legacyKey).map(String::valueOf);
  }

  private static TemplateEngine engine(Block block, Optional<String> source) {
    Optional<String> written = block.string("engine");
    if (written.isEmpty()) {
      return source.filter(s -> s.endsWith(".hbs")).isPresent() ? TemplateEngine.HANDLEBARS : TemplateEngine.GOTEMPLATE;
    }
    switch (written.get().toLowerCase(Locale.ROOT)) {
      case "gotemplate":
        return TemplateEngine.GOTEMPLATE;
      case "handlebars":
        return TemplateEngine.HANDLEBARS;
      default:
        block.problems().error(block.valuePosition("engine"),
            "'" + block.qualify("engine") + "' must be \"gotemplate\" or \"handlebars\""
                + Suggestions.didYouMean(written.get(), List.of("gotemplate", "handlebars")));
        return TemplateEngine.GOTEMPLATE;
    }
  }

  // ---- env_template -----------------------------------------------------------------------------------------------

  List<EnvTemplateConfig> envTemplates(Block root) {
    List<EnvTemplateConfig> out = new ArrayList<>();
    for (Block block : root.blocks("env_template")) {
      bindEnvTemplate(block).ifPresent(out::add);
    }
    return out;
  }

  private Optional<EnvTemplateConfig> bindEnvTemplate(Block block) {
    Optional<String> name = Optional.empty();
    if (block.labels().size() != 1) {
      block.problems().error(block.position(), "env_template: expected one and only one environment variable name,"
          + " got " + block.labels().size() + " (write env_template \"NAME\" { … })");
    } else {
      name = Optional.of(block.labels().get(0));
    }
    String label = name.map(Shown::cut).orElse("?");
    for (String forbidden : ENV_TEMPLATE_FORBIDDEN) {
      if (block.has(forbidden)) {
        block.problems().error(block.positionOf(forbidden),
            "env_template[" + label + "]: '" + forbidden + "' is not allowed");
      }
    }
    Set<String> allowedOrReported = new java.util.HashSet<>(ENV_TEMPLATE_KEYS);
    allowedOrReported.addAll(ENV_TEMPLATE_FORBIDDEN);
    for (String key : block.unknownKeys(allowedOrReported)) {
      block.problems().error(block.positionOf(key), "env_template[" + label + "]: unknown key '" + Shown.cut(key) + "'"
          + Suggestions.didYouMean(key, ENV_TEMPLATE_KEYS));
    }
    Optional<String> source = block.string("source").filter(s -> !s.isEmpty());
    Optional<String> contents = block.string("contents").filter(s -> !s.isEmpty());
    checkSourceOrContents(block, source, contents, "env_template[" + label + "]");
    Delimiters delimiters = delimiters(block);
    TemplateEngine engine = engine(block, source);
    return Optional.of(new EnvTemplateConfig(block.position(), name.orElse(""), source, contents,
        block.bool("error_on_missing_key", false), block.bool("error_fatal", true), delimiters.left(),
        delimiters.right(), denylist(block), engine));
  }

  // ---- template_config --------------------------------------------------------------------------------------------

  Optional<TemplateSettings> templateSettings(Block root) {
    return root.singleBlock("template_config").map(block -> {
      block.warnUnknownKeys(TEMPLATE_CONFIG_KEYS);
      TemplateSettings d = TemplateSettings.defaults();
      Duration interval = block.seconds("static_secret_render_interval").filter(x -> !x.isZero())
          .orElse(d.staticSecretRenderInterval());
      long maxConns = block.integer("max_connections_per_host").orElse((long) d.maxConnectionsPerHost());
      if (maxConns < 0) {
        block.problems().error(block.valuePosition("max_connections_per_host"),
            "'template_config.max_connections_per_host' must not be negative (0 means unlimited)");
      }
      double threshold = block.number("lease_renewal_threshold").orElse(d.leaseRenewalThreshold());
      if (!(threshold > 0 && threshold <= 1)) {
        block.problems().error(block.valuePosition("lease_renewal_threshold"),
            "'template_config.lease_renewal_threshold' must be a fraction greater than 0 and at most 1, e.g. 0.9");
      }
      return new TemplateSettings(block.bool("exit_on_retry_failure", false), interval,
          (int) Math.max(0, Math.min(Integer.MAX_VALUE, maxConns)), threshold, block.seconds("renew_before"),
          limits(block));
    });
  }

  /** vaultlet's limits: sizes ({@code "16MiB"} or bytes), steps (a whole number), time (a Go duration); positive. */
  private static Limits limits(Block block) {
    Limits d = Limits.defaults();
    long steps = block.integer(Limits.MAX_RENDER_STEPS).orElse(d.maxRenderSteps());
    if (steps <= 0) {
      block.problems().error(block.valuePosition(Limits.MAX_RENDER_STEPS),
          "'template_config." + Limits.MAX_RENDER_STEPS + "' must be a positive number of steps");
      steps = d.maxRenderSteps();
    }
    Duration time = block.goDuration(Limits.MAX_RENDER_TIME).orElse(d.maxRenderTime());
    if (time.isZero()) {
      block.problems().error(block.valuePosition(Limits.MAX_RENDER_TIME),
          "'template_config." + Limits.MAX_RENDER_TIME + "' must be positive, e.g. \"5s\"");
      time = d.maxRenderTime();
    }
    return new Limits(block.size(Limits.MAX_OUTPUT_SIZE).orElse(d.maxOutputSize()),
        block.size(Limits.MAX_FILE_SIZE).orElse(d.maxFileSize()),
        block.size(Limits.MAX_RESPONSE_SIZE).orElse(d.maxResponseSize()), steps, time);
  }
}
