package io.vaultlet.render;

import io.vaultlet.config.TemplateConfig;
import io.vaultlet.config.TemplateConfig.CommandConfig;
import io.vaultlet.config.TemplateConfig.WaitConfig;
import io.vaultlet.config.hcl.Position;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Test builder for {@link TemplateConfig} with consul-template's defaults. */
final class TemplateSpecs {

  private final String contents;
  private final Path destination;
  private Optional<CommandConfig> command = Optional.empty();
  private boolean errorOnMissingKey;
  private Optional<WaitConfig> wait = Optional.empty();
  private Optional<String> group = Optional.empty();
  private Optional<Integer> perms = Optional.empty();
  private boolean createDirs = true;
  private Optional<String> source = Optional.empty();
  private Duration jitter = Duration.ZERO;
  private io.vaultlet.config.RotationConfig rotation = io.vaultlet.config.RotationConfig.none();
  private Optional<Duration> renewBefore = Optional.empty();

  private TemplateSpecs(String contents, Path destination) {
    this.contents = contents;
    this.destination = destination;
  }

  static TemplateSpecs template(String contents, Path destination) {
    return new TemplateSpecs(contents, destination);
  }

  TemplateSpecs command(String shell, Duration timeout) {
    command = Optional.of(new CommandConfig(List.of(shell), timeout));
    return this;
  }

  TemplateSpecs errorOnMissingKey() {
    errorOnMissingKey = true;
    return this;
  }

  TemplateSpecs waitFor(Duration min, Duration max) {
    wait = Optional.of(new WaitConfig(min, max));
    return this;
  }

  TemplateSpecs publishGroup(String g) {
    group = Optional.of(g);
    return this;
  }

  TemplateSpecs perms(int mode) {
    perms = Optional.of(mode);
    return this;
  }

  /** Read the template from {@code file} instead of inline contents. */
  TemplateSpecs source(Path file) {
    source = Optional.of(file.toString());
    return this;
  }

  TemplateSpecs commandJitter(Duration d) {
    jitter = d;
    return this;
  }

  /** vaultlet's rotation settings: {@code verify}, {@code grace_period}, {@code slots}. */
  TemplateSpecs rotation(Optional<io.vaultlet.config.VerifyConfig> verify, Duration grace, boolean blueGreen) {
    rotation = new io.vaultlet.config.RotationConfig(verify, grace,
        blueGreen ? io.vaultlet.config.RotationConfig.Slots.BLUE_GREEN : io.vaultlet.config.RotationConfig.Slots.NONE);
    return this;
  }

  TemplateSpecs renewBefore(Duration d) {
    renewBefore = Optional.of(d);
    return this;
  }

  TemplateSpecs noCreateDirs() {
    createDirs = false;
    return this;
  }

  TemplateConfig config() {
    return new TemplateConfig(new Position("test.hcl", 1, 1), source,
        source.isPresent() ? Optional.empty() : Optional.of(contents),
        destination.toString(), createDirs, perms, false, command, errorOnMissingKey, true, "{{", "}}",
        Optional.empty(), List.of(), wait, Optional.empty(), Optional.empty(), group,
        TemplateConfig.TemplateEngine.GOTEMPLATE, jitter, renewBefore, rotation);
  }

  TemplateRunner.Spec spec() {
    try {
      return TemplateRunner.Spec.of(config());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
