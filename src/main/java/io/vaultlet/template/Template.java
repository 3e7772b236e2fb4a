package io.vaultlet.template;

import io.vaultlet.config.Limits;
import io.vaultlet.support.Suggestions;
import io.vaultlet.template.gotmpl.ExecOptions;
import io.vaultlet.template.gotmpl.ExecutionContext;
import io.vaultlet.template.gotmpl.ParseOptions;
import io.vaultlet.template.gotmpl.RenderBudget;
import io.vaultlet.template.gotmpl.TemplateException;
import io.vaultlet.template.handlebars.HandlebarsDialect;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * One template as consul-template runs it: its text, dialect and options, executed against a {@link Brain}.
 *
 * <pre>{@code
 * Template t = Template.builder("db.conf", "{{ with secret \"database/creds/app\" }}{{ .Data.username }}{{ end }}")
 *     .build();
 * Template.Result r = t.execute(brain, Map.of());
 * if (r.complete()) write(r.output());        // else fetch r.missing() and execute again (n-pass)
 * }</pre>
 *
 * <p>Each execution gets fresh function state (so {@code scratch} never survives a render); the function map itself is
 * built once per template and shared by its executions, which may run concurrently. The root data ({@code .}) is nil
 * unless given. An execution error names no secret value: a function that fails on a value derived from outside data
 * (Vault, files, the environment — see {@link io.vaultlet.template.gotmpl.Taint}) does not quote it, and every value
 * the execution recalled from Vault is masked in the message as well (recursively, unlike consul-template, which masks
 * only top-level {@code .Data} values).
 */
public final class Template {

  /** The outcome of one execution. {@link #complete()} is false while a used dependency has no data yet. */
  public record Result(String output, List<Dependency> used, List<Dependency> missing) {
    public Result {
      used = List.copyOf(used);
      missing = List.copyOf(missing);
    }

    /** True when every dependency the execution used had data: the output may be written. */
    public boolean complete() {
      return missing.isEmpty();
    }
  }

  private static final FunctionContext.TemplateInvoker GO_TEMPLATE_INVOKER =
      (n, dot) -> ExecutionContext.current().executeTemplate(n, dot);

  private final String name;
  private final String source;
  private final String contents;
  private final Dialect dialect;
  private final String leftDelim;
  private final String rightDelim;
  private final boolean errorOnMissingKey;
  private final List<String> functionDenylist;
  private final Path sandboxPath;
  private final String destination;
  private final Clock clock;
  private final Function<String, String> processEnv;
  private final ExecOptions execOptions;
  private final RenderBudget.Limits limits;
  private final LongSupplier nanoTime;
  private volatile Object parsed;

  private Template(Builder b) {
    this.name = b.name;
    this.source = b.source;
    this.contents = b.contents;
    this.dialect = b.dialect;
    this.leftDelim = b.leftDelim;
    this.rightDelim = b.rightDelim;
    this.errorOnMissingKey = b.errorOnMissingKey;
    this.functionDenylist = List.copyOf(b.functionDenylist);
    this.sandboxPath = b.sandboxPath;
    this.destination = b.destination;
    this.clock = b.clock;
    this.processEnv = b.processEnv;
    this.limits = b.limits;
    this.nanoTime = b.nanoTime;
    this.execOptions = new ExecOptions(Functions.shared(functionDenylist), errorOnMissingKey);
  }

  public static Builder builder(String name, String contents) {
    return new Builder(name, contents);
  }

  public String name() {
    return name;
  }

  public String contents() {
    return contents;
  }

  /**
   * consul-template's template ID: hex SHA-256 of {@code source + "\0" + contents + "\0" + destination}, so equal
   * bodies with different destinations are different templates.
   */
  public String id() {
    try {
      java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
      byte[] digest = sha.digest((source + "\0" + contents + "\0" + destination)
          .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public Dialect dialect() {
    return dialect;
  }

  public String destination() {
    return destination;
  }

  /** Executes with no root data. */
  public Result execute(Brain brain, Map<String, String> runnerEnv) throws RenderException {
    return execute(brain, runnerEnv, null);
  }

  /**
   * Executes the template: {@code brain} supplies dependency data, {@code runnerEnv} overrides the process
   * environment for {@code env}/{@code mustEnv}/{@code envOrDefault}, {@code root} is the data at {@code .}.
   */
  public Result execute(Brain brain, Map<String, String> runnerEnv, Object root) throws RenderException {
    Object tree = parse();
    FunctionContext ctx = new FunctionContext(Objects.requireNonNull(brain, "brain"), Map.copyOf(runnerEnv),
        processEnv, sandboxPath, destination, clock);
    String output;
    FunctionContext previous = FunctionContext.enter(ctx);
    RenderBudget previousBudget = RenderBudget.enter(RenderBudget.start(limits, nanoTime));
    try {
      if (tree instanceof HandlebarsDialect hbs) {
        ctx.templateInvoker = null;
        output = hbs.execute(root, execOptions.functions(), ctx.taint);
      } else {
        ctx.templateInvoker = GO_TEMPLATE_INVOKER;
        output = ((io.vaultlet.template.gotmpl.Template) tree).execute(root, execOptions, ctx.taint);
      }
      if (output.length() > limits.maxOutput() / 3 && utf8Length(output) > limits.maxOutput()) {
        RenderBudget.current().checkSize(utf8Length(output));
      }
    } catch (RenderBudget.Exceeded e) {
      throw new RenderException(RenderException.Phase.EXECUTE, "execute: " + exceeded(e));
    } catch (TemplateException | HandlebarsDialect.RenderFailure e) {
      throw new RenderException(RenderException.Phase.EXECUTE, "execute: " + redact(messageOf(e), ctx));
    } catch (RuntimeException e) {
      throw new RenderException(RenderException.Phase.EXECUTE, "execute: " + redact(messageOf(e), ctx));
    } finally {
      RenderBudget.exit(previousBudget);
      FunctionContext.exit(previous);
    }
    return new Result(output, ctx.used(), ctx.missing());
  }

  /** Parses the template now (it is parsed once); a syntax error is thrown as a {@code PARSE} RenderException. */
  public void check() throws RenderException {
    parse();
  }

  /** What ran out and the key that raises it (vaultlet's limits, docs/limits.md). */
  private String exceeded(RenderBudget.Exceeded e) {
    return switch (e.kind()) {
      case STEPS -> e.getMessage() + "; " + Limits.raise(Limits.MAX_RENDER_STEPS);
      case TIME -> e.getMessage() + "; " + Limits.raise(Limits.MAX_RENDER_TIME);
      case OUTPUT -> e.getMessage() + "; " + Limits.raise(Limits.MAX_OUTPUT_SIZE);
      case INTERRUPTED -> e.getMessage();
    };
  }

  /** A message for any failure, never "null": the exception's type when it has no message. */
  private static String messageOf(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  private static long utf8Length(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  private static String redact(String message, FunctionContext ctx) {
    List<Object> values = new ArrayList<>();
    for (Dependency d : ctx.usedView()) {
      if (d.isVault()) {
        ctx.brain().recall(d).ifPresent(values::add);
      }
    }
    return SecretValues.redact(message, values);
  }

  /** Parses once (the parsed form is immutable and shared by executions); a parse error is reported each time. */
  private Object parse() throws RenderException {
    Object p = parsed;
    if (p != null) {
      return p;
    }
    try {
      if (dialect == Dialect.HANDLEBARS) {
        p = HandlebarsDialect.compile(name, contents, leftDelim, rightDelim, errorOnMissingKey, allFunctionNames());
      } else {
        p = io.vaultlet.template.gotmpl.Template.parse(name, contents,
            ParseOptions.defaults().withDelimiters(leftDelim, rightDelim).withFunctionNames(allFunctionNames()));
      }
    } catch (TemplateException e) {
      String hint = e.undefinedFunction()
          .map(fn -> Suggestions.didYouMean(fn, allFunctionNames()))
          .orElse("");
      throw new RenderException(RenderException.Phase.PARSE, "parse: " + e.getMessage() + hint);
    } catch (HandlebarsDialect.RenderFailure e) {
      throw new RenderException(RenderException.Phase.PARSE, "parse: " + e.getMessage());
    }
    parsed = p;
    return p;
  }

  /** Every function name a template may call (built-ins, Consul/Nomad stubs, {@code sprig_*}). */
  public static Set<String> allFunctionNames() {
    return Functions.nameSet();
  }

  /** Builds a {@link Template}. Defaults: Go dialect, {@code {{ }}}, missing keys print the zero value. */
  public static final class Builder {
    private final String name;
    private final String contents;
    private String source = "";
    private Dialect dialect = Dialect.GO;
    private String leftDelim = "";
    private String rightDelim = "";
    private boolean errorOnMissingKey;
    private List<String> functionDenylist = List.of();
    private Path sandboxPath;
    private String destination = "";
    private Clock clock = Clock.systemUTC();
    private Function<String, String> processEnv = System::getenv;
    private RenderBudget.Limits limits = RenderBudget.Limits.NONE;
    private LongSupplier nanoTime = System::nanoTime;

    private Builder(String name, String contents) {
      this.name = Objects.requireNonNull(name, "name");
      this.contents = Objects.requireNonNull(contents, "contents");
    }

    /** The file the contents were read from ("" for inline contents); part of {@link Template#id()}. */
    public Builder source(String path) {
      this.source = path == null ? "" : path;
      return this;
    }

    public Builder dialect(Dialect d) {
      this.dialect = Objects.requireNonNull(d);
      return this;
    }

    /** Action delimiters; null or empty means {@code {{} / {@code }}}. */
    public Builder delimiters(String left, String right) {
      this.leftDelim = left == null ? "" : left;
      this.rightDelim = right == null ? "" : right;
      return this;
    }

    public Builder errorOnMissingKey(boolean enabled) {
      this.errorOnMissingKey = enabled;
      return this;
    }

    /** Glob patterns ({@code *} only) of functions that fail with {@code function is disabled} when called. */
    public Builder functionDenylist(List<String> patterns) {
      this.functionDenylist = List.copyOf(patterns);
      return this;
    }

    /** Confines {@code file} to this directory (symlinks resolved); null for no sandbox. */
    public Builder sandboxPath(Path path) {
      this.sandboxPath = path;
      return this;
    }

    /** The destination file: {@code pkiCert}'s cache and part of its dependency key. */
    public Builder destination(String path) {
      this.destination = path == null ? "" : path;
      return this;
    }

    /** The clock for {@code timestamp} (UTC). */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c);
      return this;
    }

    /** The process environment seen by {@code env} after the runner environment (tests). */
    public Builder processEnv(Function<String, String> env) {
      this.processEnv = Objects.requireNonNull(env);
      return this;
    }

    /** What one execution may spend: steps, time, output (vaultlet's limits); none by default. */
    public Builder limits(RenderBudget.Limits l) {
      this.limits = Objects.requireNonNull(l);
      return this;
    }

    /** The clock {@code max_render_time} is measured with (tests). */
    public Builder nanoTime(LongSupplier t) {
      this.nanoTime = Objects.requireNonNull(t);
      return this;
    }

    public Template build() {
      return new Template(this);
    }
  }
}
