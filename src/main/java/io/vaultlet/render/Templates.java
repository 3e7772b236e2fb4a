package io.vaultlet.render;

import io.vaultlet.config.EnvTemplateConfig;
import io.vaultlet.config.Limits;
import io.vaultlet.config.TemplateConfig;
import io.vaultlet.config.TemplateSources;
import io.vaultlet.support.BoundedFiles;
import io.vaultlet.support.Failures;
import io.vaultlet.template.Dialect;
import io.vaultlet.template.Template;
import io.vaultlet.template.gotmpl.RenderBudget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Builds {@link Template}s from {@code template} and {@code env_template} blocks. */
final class Templates {

  private Templates() {}

  static Template build(TemplateConfig c, Limits limits) throws IOException {
    return template(c, c.source().orElse(c.destination()),
        contents(c.contents(), c.source(), c.destination(), limits), limits);
  }

  /** The {@code verify} block's templates (e.g. {@code postgres}), built like the file's own template. */
  static java.util.Map<String, Template> checks(TemplateConfig c, Limits limits) {
    java.util.Map<String, Template> out = new java.util.LinkedHashMap<>();
    c.rotation().verify().ifPresent(v -> io.vaultlet.rotation.Verifiers.templates(v).forEach((key, text) ->
        out.put(key, template(c, c.destination() + " verify." + key, text, limits))));
    return out;
  }

  /** A template of {@code c}'s dialect, delimiters, functions and destination, with these limits on each render. */
  private static Template template(TemplateConfig c, String name, String text, Limits limits) {
    return Template.builder(name, text)
        .limits(render(limits))
        .dialect(dialect(c.engine()))
        .delimiters(c.leftDelimiter(), c.rightDelimiter())
        .errorOnMissingKey(c.errorOnMissingKey())
        .functionDenylist(c.functionDenylist())
        .sandboxPath(c.sandboxPath().map(Path::of).orElse(null))
        .destination(c.destination())
        .build();
  }

  static Template build(EnvTemplateConfig c, Limits limits) throws IOException {
    return Template.builder(c.name(), contents(c.contents(), c.source(), "env_template " + c.name(), limits))
        .limits(render(limits))
        .dialect(dialect(c.engine()))
        .delimiters(c.leftDelimiter(), c.rightDelimiter())
        .errorOnMissingKey(c.errorOnMissingKey())
        .functionDenylist(c.functionDenylist())
        .build();
  }

  /** True when two {@code template} blocks say the same thing (where they stand in the file aside). */
  static boolean sameConfiguration(TemplateConfig a, TemplateConfig b) {
    return withoutPosition(a).equals(withoutPosition(b));
  }

  private static TemplateConfig withoutPosition(TemplateConfig c) {
    return new TemplateConfig(null, c.source(), c.contents(), c.destination(), c.createDestDirs(), c.perms(),
        c.backup(), c.command(), c.errorOnMissingKey(), c.errorFatal(), c.leftDelimiter(), c.rightDelimiter(),
        c.sandboxPath(), c.functionDenylist(), c.waitConfig(), c.user(), c.group(), c.publishGroup(), c.engine(),
        c.commandJitter(), c.renewBefore(), withoutPosition(c.rotation()));
  }

  private static io.vaultlet.config.RotationConfig withoutPosition(io.vaultlet.config.RotationConfig r) {
    return new io.vaultlet.config.RotationConfig(r.verify().map(v -> new io.vaultlet.config.VerifyConfig(null,
        v.postgres(), v.tls(), v.aws(), v.command(), v.timeout(), v.onFailure())), r.gracePeriod(), r.slots());
  }

  /** One render's budget from the configured limits. */
  static RenderBudget.Limits render(Limits limits) {
    return new RenderBudget.Limits(limits.maxRenderSteps(), limits.maxRenderTime(), limits.maxOutputSize());
  }

  private static String contents(Optional<String> inline, Optional<String> source, String what, Limits limits)
      throws IOException {
    if (inline.isPresent()) {
      return inline.get();
    }
    if (source.isEmpty()) {
      throw new IOException(what + ": the template has neither source nor contents");
    }
    Optional<String> problem = TemplateSources.problem(Path.of(source.get()));
    if (problem.isPresent()) {
      throw new IOException("cannot read template source " + source.get() + ": " + problem.get());
    }
    try {
      return BoundedFiles.readString(Path.of(source.get()), limits.maxFileSize(),
          Limits.raise(Limits.MAX_FILE_SIZE));
    } catch (BoundedFiles.TooLarge e) {
      throw new IOException("cannot read template source: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IOException("cannot read template source " + source.get() + ": " + Failures.file(e), e);
    }
  }

  private static Dialect dialect(TemplateConfig.TemplateEngine engine) {
    return engine == TemplateConfig.TemplateEngine.HANDLEBARS ? Dialect.HANDLEBARS : Dialect.GO;
  }
}
