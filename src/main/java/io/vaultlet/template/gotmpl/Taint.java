package io.vaultlet.template.gotmpl;

import io.vaultlet.support.Redactor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which values of one execution hold secret data, so that an error message never quotes them (issue #14). A value
 * is <em>tainted</em> when the embedder says so ({@code sources}: values fetched from Vault, files, the environment —
 * with every value inside them), when it comes from one of the {@code sourceFunctions}, or when a function or
 * builtin computed it from a tainted argument or receiver ({@code trimSpace}, {@code base64Decode}, {@code index},
 * {@code printf}, …): derived values stay secret. Values are tracked by identity, for the execution only.
 *
 * <p>When a function fails on a tainted argument, {@link #scrub} removes from its message every run of characters it
 * shares with those arguments (as given, and as Go quotes them), so {@code strconv.ParseFloat: parsing "[redacted]":
 * invalid syntax}; a failure on untainted arguments keeps Go's message word for word.
 */
public final class Taint {

  /** Messages are cut to this many characters before scrubbing: a 1 MB value quoted in an error helps nobody. */
  static final int MAX_MESSAGE = 4096;
  /** At most this many leaves of a tainted map or list are looked for in a message. */
  private static final int MAX_LEAVES = 10_000;

  private final Predicate<Object> sources;
  private final Set<String> sourceFunctions;
  private final Set<Object> derived = Collections.newSetFromMap(new IdentityHashMap<>());

  /**
   * @param sources the values the embedder knows to be secret (checked by identity, with their contents)
   * @param sourceFunctions functions whose results are secret whatever their arguments (they read outside data)
   */
  public Taint(Predicate<Object> sources, Set<String> sourceFunctions) {
    this.sources = sources;
    this.sourceFunctions = Set.copyOf(sourceFunctions);
  }

  /** Nothing is secret: Go's text/template as it is. */
  public static Taint none() {
    return new Taint(v -> false, Set.of());
  }

  /** Whether {@code v} holds secret data. Booleans and nil never do. */
  public boolean contains(Object v) {
    if (v == null || v instanceof Boolean || v == Exec.NO_VALUE) {
      return false;
    }
    return derived.contains(v) || sources.test(v);
  }

  /** Marks {@code v} as secret for the rest of the execution. */
  public void add(Object v) {
    if (v != null && !(v instanceof Boolean) && v != Exec.NO_VALUE) {
      derived.add(v);
    }
  }

  /**
   * After a successful call: its result is secret when the function reads outside data or saw a secret among its
   * arguments or {@code receiver} (a method's receiver, printf's format; may be null).
   */
  public void afterCall(String function, Object receiver, List<Object> args, Object result) {
    if (result == null || result instanceof Boolean) {
      return;
    }
    if (sourceFunctions.contains(function) || contains(receiver) || anyIn(args)) {
      add(result);
    }
  }

  boolean anyIn(List<Object> args) {
    for (int i = 0, n = args.size(); i < n; i++) {
      if (contains(args.get(i))) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code message} with the text of every tainted value among {@code values} masked (see
   * {@link Redactor#maskShared}); unchanged when none is tainted. Cut to {@value #MAX_MESSAGE} characters first.
   */
  public String scrub(String message, Collection<?> values) {
    List<String> texts = new ArrayList<>();
    for (Object v : values) {
      if (contains(v)) {
        texts(v, texts);
      }
    }
    if (texts.isEmpty()) {
      return message;
    }
    String m = message.length() <= MAX_MESSAGE ? message
        : message.substring(0, MAX_MESSAGE) + "… (" + (message.length() - MAX_MESSAGE) + " more characters)";
    return Redactor.maskShared(m, texts);
  }

  /** The ways a value appears in an error: as is, and Go-quoted (escapes), for itself and every leaf inside. */
  private static void texts(Object v, List<String> out) {
    List<Object> todo = new ArrayList<>();
    todo.add(v);
    for (int i = 0; i < todo.size() && out.size() < MAX_LEAVES; i++) {
      Object x = todo.get(i);
      if (x instanceof String s) {
        out.add(s);
        String q = GoFormat.quote(s);
        if (!q.equals("\"" + s + "\"")) {
          out.add(q.substring(1, q.length() - 1));
        }
      } else if (x instanceof Map<?, ?> m) {
        todo.addAll(m.values());
      } else if (x instanceof Collection<?> c) {
        todo.addAll(c);
      } else if (x instanceof GoStruct g) {
        for (String f : g.fieldNames()) {
          todo.add(g.field(f));
        }
      } else if (x instanceof Number || x instanceof Character) {
        out.add(String.valueOf(x));
      } else if (x != null && !(x instanceof Boolean)) {
        out.add(GoFormat.formatValue(x));
      }
    }
  }
}
