package io.vaultlet.cli;

import io.vaultlet.template.Dialect;
import io.vaultlet.template.GoJson;
import io.vaultlet.template.OfflineSources;
import io.vaultlet.template.RenderException;
import io.vaultlet.template.Template;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vaultlet template render}: renders a template offline, with Vault responses taken from a JSON file, and prints
 * the result. Exit 0 on success; on a parse, execution or data error the message goes to stderr, nothing to stdout,
 * and the exit code is 1.
 */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = {
      "Render a template offline and print the result.",
      "Templates ending in .hbs use the handlebars dialect; others use Go templates (consul-template)."
    })
public final class TemplateRenderCommand implements Callable<Integer> {

  /** {@code --missing-key}: Go's missingkey option. */
  enum MissingKey { zero, error }

  @Spec CommandSpec spec;

  @Option(names = "--data", paramLabel = "FILE.json", description = "JSON file whose value is the root data (.).")
  Path data;

  @Option(names = "--secrets", paramLabel = "FILE.json",
      description = "JSON object mapping a Vault path to the response body Vault would return, "
          + "e.g. {\"database/creds/app\": {\"lease_duration\": 60, \"data\": {\"username\": \"u\"}}}.")
  Path secrets;

  @Option(names = "--env", paramLabel = "K=V", description = "Environment variable seen by env (repeatable).")
  List<String> env = List.of();

  @Option(names = "--missing-key", paramLabel = "zero|error", defaultValue = "zero",
      description = "What a missing map key does: print the zero value (default) or fail.")
  MissingKey missingKey;

  @Option(names = "--left-delim", paramLabel = "S", description = "Left action delimiter (default {{).")
  String leftDelim;

  @Option(names = "--right-delim", paramLabel = "S", description = "Right action delimiter (default }}).")
  String rightDelim;

  @Option(names = "--engine", paramLabel = "go|handlebars",
      description = "Template dialect (default: handlebars for .hbs files, else go).")
  String engine;

  @Option(names = "--sandbox", paramLabel = "DIR", description = "Confine the file function to this directory.")
  Path sandbox;

  @Parameters(index = "0", paramLabel = "TEMPLATE", description = "The template file.")
  Path template;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      String output = render();
      PrintWriter out = spec.commandLine().getOut();
      out.print(output);
      out.flush();
      return 0;
    } catch (UserError | RenderException | OfflineSources.MissingDataException e) {
      err.println("template render: " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  private String render() throws UserError, RenderException, OfflineSources.MissingDataException {
    String text = read(template, "template");
    Dialect dialect;
    try {
      dialect = Dialect.select(template.toString(), engine);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    Template t = Template.builder(template.getFileName().toString(), text)
        .source(template.toString())
        .dialect(dialect)
        .delimiters(leftDelim, rightDelim)
        .errorOnMissingKey(missingKey == MissingKey.error)
        .sandboxPath(sandbox)
        .build();
    Object root = data == null ? null : json(data, "--data");
    Map<String, Object> secretBodies = new LinkedHashMap<>();
    if (secrets != null) {
      Object s = json(secrets, "--secrets");
      if (!(s instanceof Map<?, ?> m)) {
        throw new UserError("--secrets " + secrets + ": expected a JSON object mapping Vault paths to responses");
      }
      m.forEach((k, v) -> secretBodies.put(String.valueOf(k), v));
    }
    return new OfflineSources(secretBodies).render(t, envMap(), root).output();
  }

  private Map<String, String> envMap() throws UserError {
    Map<String, String> out = new LinkedHashMap<>();
    for (String kv : env) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new UserError("--env " + kv + ": expected K=V");
      }
      out.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return out;
  }

  private static String read(Path p, String what) throws UserError {
    try {
      return Files.readString(p);
    } catch (NoSuchFileException e) {
      throw new UserError(what + " " + p + ": no such file");
    } catch (IOException e) {
      throw new UserError(what + " " + p + ": " + e.getMessage());
    }
  }

  private static Object json(Path p, String option) throws UserError {
    String text = read(p, option);
    try {
      return GoJson.parse(text, GoJson.Numbers.INTEGERS_AS_LONG);
    } catch (IOException e) {
      throw new UserError(option + " " + p + ": invalid JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  /** A mistake in the command line or its input files. */
  private static final class UserError extends Exception {
    UserError(String message) {
      super(message);
    }
  }
}
