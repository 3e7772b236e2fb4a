package io.vaultlet.config;

import io.vaultlet.config.hcl.Position;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One {@code template} block, with consul-template's defaults applied (vault-agent.md §1.6, consul-template.md §5.1).
 *
 * @param source {@code source}: template file (exactly one of {@code source} and {@code contents})
 * @param contents {@code contents}: inline template
 * @param destination {@code destination}: output file (required)
 * @param createDestDirs {@code create_dest_dirs}, default true
 * @param perms {@code perms}: file mode; empty keeps the existing file's mode, else 0644
 * @param backup {@code backup}, default false (the code's default; Vault's docs say true)
 * @param command the post-render command: {@code exec { command, timeout }}, else the legacy {@code command} and
 *     {@code command_timeout}; the timeout defaults to 30s
 * @param errorOnMissingKey {@code error_on_missing_key}
 * @param errorFatal {@code error_fatal}, default true
 * @param leftDelimiter {@code left_delimiter}, default <code>{{</code>
 * @param rightDelimiter {@code right_delimiter}, default <code>}}</code>
 * @param sandboxPath {@code sandbox_path}: restricts the {@code file} function
 * @param functionDenylist {@code function_denylist} (and the deprecated {@code function_blacklist})
 * @param waitConfig {@code wait { min, max }} (last block wins); empty when {@code min} is zero
 * @param user {@code user} (or legacy {@code uid}): owner of the output file, name or numeric id
 * @param group {@code group} (or legacy {@code gid}): <em>owning group</em> of the output file, as in consul-template
 * @param publishGroup vaultlet: {@code publish_group}; templates sharing it are published together
 * @param engine vaultlet: {@code engine}; default {@code handlebars} for a {@code .hbs} source, else {@code gotemplate}
 * @param commandJitter vaultlet: {@code command_jitter}; random delay before the command, default 0
 * @param renewBefore vaultlet: {@code renew_before}; re-issue certificates at least this long before they expire
 *     (falls back to {@code template_config.renew_before})
 * @param rotation vaultlet: {@code verify}, {@code grace_period}, {@code slots} (docs/rotation.md)
 */
public record TemplateConfig(
    Position position,
    Optional<String> source,
    Optional<String> contents,
    String destination,
    boolean createDestDirs,
    Optional<Integer> perms,
    boolean backup,
    Optional<CommandConfig> command,
    boolean errorOnMissingKey,
    boolean errorFatal,
    String leftDelimiter,
    String rightDelimiter,
    Optional<String> sandboxPath,
    List<String> functionDenylist,
    Optional<WaitConfig> waitConfig,
    Optional<String> user,
    Optional<String> group,
    Optional<String> publishGroup,
    TemplateEngine engine,
    Duration commandJitter,
    Optional<Duration> renewBefore,
    RotationConfig rotation) {

  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(30);
  public static final String DEFAULT_LEFT_DELIMITER = "{{";
  public static final String DEFAULT_RIGHT_DELIMITER = "}}";

  public TemplateConfig {
    functionDenylist = List.copyOf(functionDenylist);
    rotation = rotation == null ? RotationConfig.none() : rotation;
  }

  /** A template without rotation settings. */
  public TemplateConfig(Position position, Optional<String> source, Optional<String> contents, String destination,
      boolean createDestDirs, Optional<Integer> perms, boolean backup, Optional<CommandConfig> command,
      boolean errorOnMissingKey, boolean errorFatal, String leftDelimiter, String rightDelimiter,
      Optional<String> sandboxPath, List<String> functionDenylist, Optional<WaitConfig> waitConfig,
      Optional<String> user, Optional<String> group, Optional<String> publishGroup, TemplateEngine engine,
      Duration commandJitter, Optional<Duration> renewBefore) {
    this(position, source, contents, destination, createDestDirs, perms, backup, command, errorOnMissingKey,
        errorFatal, leftDelimiter, rightDelimiter, sandboxPath, functionDenylist, waitConfig, user, group,
        publishGroup, engine, commandJitter, renewBefore, RotationConfig.none());
  }

  /** This template with another {@code renew_before} (used when {@code template_config} supplies the default). */
  TemplateConfig withRenewBefore(Optional<Duration> value) {
    return new TemplateConfig(position, source, contents, destination, createDestDirs, perms, backup, command,
        errorOnMissingKey, errorFatal, leftDelimiter, rightDelimiter, sandboxPath, functionDenylist, waitConfig, user,
        group, publishGroup, engine, commandJitter, value, rotation);
  }

  /**
   * A post-render command. One element containing whitespace runs as {@code sh -c}; otherwise the list runs directly.
   *
   * @param timeout zero means "do not wait" (fire and forget)
   */
  public record CommandConfig(List<String> command, Duration timeout) {
    public CommandConfig {
      command = List.copyOf(command);
    }
  }

  /** Quiescence: render only after the data is stable for {@code min}, at most {@code max} after the first change. */
  public record WaitConfig(Duration min, Duration max) {}

  /** The template language. */
  public enum TemplateEngine {
    /** Go {@code text/template} with consul-template's functions (what Vault Agent uses). */
    GOTEMPLATE,
    /** vaultlet extension: Handlebars. */
    HANDLEBARS
  }
}
