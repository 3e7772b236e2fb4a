package io.vaultlet.config;

import io.vaultlet.config.TemplateConfig.TemplateEngine;
import io.vaultlet.config.hcl.Position;
import java.util.List;
import java.util.Optional;

/**
 * {@code env_template "NAME" { … }}: a template rendered into the child's environment variable {@code NAME}.
 *
 * @param name the environment variable (the block's label, case kept)
 * @param engine vaultlet extension, as for {@link TemplateConfig#engine()}
 */
public record EnvTemplateConfig(
    Position position,
    String name,
    Optional<String> source,
    Optional<String> contents,
    boolean errorOnMissingKey,
    boolean errorFatal,
    String leftDelimiter,
    String rightDelimiter,
    List<String> functionDenylist,
    TemplateEngine engine) {

  public EnvTemplateConfig {
    functionDenylist = List.copyOf(functionDenylist);
  }
}
