package io.vaultlet.bench;

import io.vaultlet.template.Dependency;
import io.vaultlet.template.GoJson;
import io.vaultlet.template.MemoryBrain;
import io.vaultlet.template.RenderException;
import io.vaultlet.template.Secret;
import io.vaultlet.template.Template;
import io.vaultlet.template.gotmpl.ExecOptions;
import io.vaultlet.template.gotmpl.ParseOptions;
import io.vaultlet.template.gotmpl.TemplateException;
import io.vaultlet.template.gotmpl.TemplateFunction;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The benchmark inputs from {@code bench/templates/} (packaged into the bench jar): the templates, the Vault responses
 * and environment of {@code data.json}, and Go's output for each template ({@code expected/NAME.out}, written by
 * {@code bench/go}). Both Java paths are built here, so the benchmark and {@link RenderOutputs} render the same thing.
 */
final class BenchFixtures {

  /** The templates, in table order. */
  static final List<String> TEMPLATES = List.of("env", "kv-config", "cert-bundle");

  private static final String ROOT = "templates/";

  private final Map<String, String> env;
  private final Map<String, Secret> secrets;

  private BenchFixtures(Map<String, String> env, Map<String, Secret> secrets) {
    this.env = env;
    this.secrets = secrets;
  }

  @SuppressWarnings("unchecked")
  static BenchFixtures load() {
    try {
      Map<String, Object> doc =
          (Map<String, Object>) GoJson.parse(resource("data.json"), GoJson.Numbers.INTEGERS_AS_LONG);
      Map<String, String> env = new LinkedHashMap<>();
      ((Map<String, Object>) doc.get("env")).forEach((k, v) -> env.put(k, (String) v));
      Map<String, Secret> secrets = new LinkedHashMap<>();
      ((Map<String, Object>) doc.get("secrets"))
          .forEach((path, body) -> secrets.put(path, Secret.fromResponse((Map<String, Object>) body)));
      return new BenchFixtures(Map.copyOf(env), Map.copyOf(secrets));
    } catch (IOException e) {
      throw new UncheckedIOException("bench/templates/data.json: " + e.getMessage(), e);
    }
  }

  static String text(String template) {
    return resource(template + ".tmpl");
  }

  /** Go's text/template output for the template, as committed by {@code bench/templates.sh --update-expected}. */
  static Optional<String> expected(String template) {
    return optionalResource("expected/" + template + ".out");
  }

  /**
   * The vaultlet path: consul-template's function library over a {@link MemoryBrain}. The brain is filled the way the
   * runtime fills it (execute, fetch what is missing, execute again), so the benchmark measures rendering only.
   */
  AgentPath agentPath(String template) throws RenderException {
    Template t = Template.builder(template, text(template)).processEnv(env::get).build();
    MemoryBrain brain = new MemoryBrain();
    for (int pass = 0; pass < 10; pass++) {
      Template.Result r = t.execute(brain, Map.of());
      if (r.complete()) {
        return new AgentPath(t, brain);
      }
      for (Dependency d : r.missing()) {
        brain.remember(d, secretFor(d));
      }
    }
    throw new IllegalStateException(template + ": dependencies still missing after 10 passes");
  }

  /** A template with its filled brain; {@link #render()} is what the benchmark times. */
  record AgentPath(Template template, MemoryBrain brain) {
    String render() throws RenderException {
      return template.execute(brain, Map.of()).output();
    }
  }

  /**
   * The engine alone with stub functions, the same work Go's side does: {@code secret} returns the fixture's
   * {@link Secret}, {@code env} reads the fixture's environment, {@code toUpper} upper-cases. No brain, no dependency
   * keys, no function map built per render.
   */
  EnginePath enginePath(String template) throws TemplateException {
    Map<String, TemplateFunction> fns = Map.of(
        "secret", args -> args.isEmpty() ? null : secretAt((String) args.get(0)),
        "env", args -> env.getOrDefault((String) args.get(0), ""),
        "toUpper", args -> ((String) args.get(0)).toUpperCase(Locale.ROOT));
    io.vaultlet.template.gotmpl.Template t = io.vaultlet.template.gotmpl.Template.parse(template, text(template),
        ParseOptions.defaults().withFunctionNames(fns.keySet()));
    return new EnginePath(t, new ExecOptions(fns, false));
  }

  /** A parsed engine template and its options ({@code missingkey=zero}, as consul-template). */
  record EnginePath(io.vaultlet.template.gotmpl.Template template, ExecOptions options) {
    String render() throws TemplateException {
      return template.execute(null, options);
    }
  }

  /** Fails with the differing line unless both paths render exactly Go's output. */
  void verify(String template) throws Exception {
    String agent = agentPath(template).render();
    String engine = enginePath(template).render();
    Optional<String> go = expected(template);
    if (go.isEmpty()) {
      throw new IllegalStateException("no expected/" + template + ".out: run bench/templates.sh --update-expected");
    }
    check(template, "vaultlet (agent path)", agent, go.get());
    check(template, "vaultlet (engine path)", engine, go.get());
  }

  private static void check(String template, String side, String actual, String expected) {
    if (actual.equals(expected)) {
      return;
    }
    String[] a = actual.split("\n", -1);
    String[] e = expected.split("\n", -1);
    int line = 0;
    while (line < Math.min(a.length, e.length) && a[line].equals(e[line])) {
      line++;
    }
    throw new IllegalStateException(String.format(
        "%s: %s output differs from Go's at line %d:%n  go:       %s%n  vaultlet: %s", template, side, line + 1,
        line < e.length ? quoted(e[line]) : "<end of output>", line < a.length ? quoted(a[line]) : "<end of output>"));
  }

  private Secret secretFor(Dependency d) {
    String path;
    if (d instanceof Dependency.VaultRead r) {
      path = r.path();
    } else if (d instanceof Dependency.VaultWrite w) {
      path = w.path();
    } else {
      throw new IllegalStateException("no fixture for dependency " + d.key());
    }
    return secretAt(path);
  }

  /** The fixture for a path, slashes trimmed as Go's stub does ({@code strings.Trim(s, "/")}). */
  private Secret secretAt(String rawPath) {
    int start = 0;
    int end = rawPath.length();
    while (start < end && rawPath.charAt(start) == '/') {
      start++;
    }
    while (end > start && rawPath.charAt(end - 1) == '/') {
      end--;
    }
    String path = rawPath.substring(start, end);
    Secret s = secrets.get(path);
    if (s == null) {
      throw new IllegalStateException("no fixture for secret " + path + " in data.json");
    }
    return s;
  }

  private static String resource(String name) {
    return optionalResource(name).orElseThrow(() -> new IllegalStateException(
        "missing resource " + ROOT + name + ": build the bench jar with `mvn -B -q -Pbench package`"));
  }

  private static Optional<String> optionalResource(String name) {
    try (InputStream in = BenchFixtures.class.getResourceAsStream(ROOT + name)) {
      return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Quotes a line for a mismatch message, so invisible differences (tabs, trailing spaces) show. */
  private static String quoted(String line) {
    return GoJson.marshal(line, false, "");
  }
}
