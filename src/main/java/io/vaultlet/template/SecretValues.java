package io.vaultlet.template;

import io.vaultlet.support.Redactor;
import io.vaultlet.template.gotmpl.GoFormat;
import io.vaultlet.vault.VaultResponse;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The secret text inside values fetched from Vault, for redaction, by the {@link Redactor}'s one rule
 * ({@link Redactor#registerTree}): the secret leaves of {@code .Data} (recursively, so KV v2 values nested under
 * {@code data} count; a certificate's public fields not), each other top-level {@code .Data} value as Go's {@code %v}
 * prints it (what consul-template redacts), the auth and wrapping tokens, and a {@code pkiCert}'s private key.
 */
final class SecretValues {

  /** The values {@link #registerAll} has registered, by identity, held weakly. */
  private static final IdentityWeakSet REGISTERED = new IdentityWeakSet();
  /** Every object inside a value a template recalled (maps, lists, strings, numbers), by identity, held weakly. */
  private static final IdentityWeakSet TAINTED = new IdentityWeakSet();
  /** The recalled values whose insides are in {@link #TAINTED}. */
  private static final IdentityWeakSet MARKED = new IdentityWeakSet();
  /** Cap on the objects marked inside one value (a huge list stays secret as a whole, its far leaves by content). */
  private static final int MAX_MARKED = 100_000;

  private SecretValues() {}

  /** What {@link #registerAll} registers for {@code value}, and the {@code %v} forms of its top-level values. */
  static Set<String> of(Object value) {
    Set<String> out = new LinkedHashSet<>();
    if (value instanceof Secret s) {
      if (s.data() != null) {
        Object secretPart = VaultResponse.secretPart(s.data());
        out.addAll(Redactor.secretsIn(secretPart, Redactor.SECRET_FIELDS));
        Map<?, ?> top = secretPart == s.data() ? s.data() : Map.of("data", secretPart);
        top.forEach((k, v) -> {
          boolean printedForm = v != null && !(v instanceof CharSequence) && !(v instanceof Boolean);
          if (printedForm && Redactor.SECRET_FIELDS.test(String.valueOf(k))) {
            String printed = GoFormat.formatValue(v);
            if (printed.length() >= Redactor.MIN_LENGTH) {
              out.add(printed);
            }
          }
        });
      }
      tokens(s).forEach(out::add);
    } else if (value instanceof PemEncoded p) {
      out.addAll(Redactor.secretsIn(p.key(), k -> true));
    }
    return out;
  }

  /**
   * Registers the secret text of {@code value} with the process-wide {@link Redactor}, once per value object: the
   * brain hands every render the same objects until a dependency is fetched again, so steady-state renders skip the
   * work (and the Redactor's lock). A value is marked only after its strings are registered, so a concurrent render
   * that sees the mark never runs ahead of the registration. The text Vault returned in a value does not change while
   * the brain holds it; a fetch stores a new object, which is registered at its first recall.
   */
  static void registerAll(Object value) {
    if (!(value instanceof Secret || value instanceof PemEncoded) || REGISTERED.contains(value)) {
      return;
    }
    if (value instanceof Secret s) {
      if (s.data() != null) {
        Redactor.registerTree(VaultResponse.secretPart(s.data()), Redactor.SECRET_FIELDS);
      }
      tokens(s).forEach(Redactor::register);
    } else if (value instanceof PemEncoded p) {
      Redactor.registerPem(p.key());
    }
    REGISTERED.add(value);
  }

  private static List<String> tokens(Secret s) {
    List<String> out = new java.util.ArrayList<>(2);
    if (s.auth() != null && s.auth().clientToken() != null) {
      out.add(s.auth().clientToken());
    }
    if (s.wrapInfo() != null && s.wrapInfo().token() != null) {
      out.add(s.wrapInfo().token());
    }
    return out;
  }

  /**
   * Marks {@code value} and everything inside it (map values, list elements, struct fields; not map keys, not
   * booleans) as tainted for every execution, once per value object — what {@link #isTainted} answers for the
   * executions' {@link io.vaultlet.template.gotmpl.Taint}.
   */
  static void markTainted(Object value) {
    if (value == null || value instanceof Boolean || MARKED.contains(value)) {
      return;
    }
    List<Object> todo = new java.util.ArrayList<>();
    todo.add(value);
    for (int i = 0; i < todo.size() && i < MAX_MARKED; i++) {
      Object x = todo.get(i);
      if (x == null || x instanceof Boolean) {
        continue;
      }
      TAINTED.add(x);
      if (x instanceof Map<?, ?> m) {
        todo.addAll(m.values());
      } else if (x instanceof java.util.Collection<?> c) {
        todo.addAll(c);
      } else if (x instanceof io.vaultlet.template.gotmpl.GoStruct g) {
        for (String f : g.fieldNames()) {
          todo.add(g.field(f));
        }
      }
    }
    MARKED.add(value);
  }

  /** Whether {@code v} is (inside) a value some template recalled. */
  static boolean isTainted(Object v) {
    return v != null && TAINTED.contains(v);
  }

  /** {@code text} with every registered secret and every secret value of {@code values} masked, in one pass. */
  static String redact(String text, Collection<Object> values) {
    Set<String> secrets = new LinkedHashSet<>();
    for (Object v : values) {
      secrets.addAll(of(v));
    }
    return Redactor.redact(text, secrets);
  }

  /**
   * A concurrent set compared by identity ({@code ==}) that does not keep its members alive. A look-up allocates
   * nothing: it asks with the calling thread's reusable {@link Probe} (every function call of every render looks its
   * arguments up here, so a {@link WeakReference} per look-up was most of a render's garbage).
   */
  static final class IdentityWeakSet {
    private static final ThreadLocal<Probe> PROBE = ThreadLocal.withInitial(Probe::new);
    private final Map<Object, Boolean> refs = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();

    boolean contains(Object o) {
      Probe p = PROBE.get();
      p.target = o;
      p.hash = System.identityHashCode(o);
      try {
        return refs.containsKey(p);
      } finally {
        p.target = null; // the probe never keeps a value alive
      }
    }

    void add(Object o) {
      for (Reference<?> r; (r = collected.poll()) != null; ) {
        refs.remove(r);
      }
      refs.put(new Ref(o, collected), Boolean.TRUE);
    }

    int size() {
      return refs.size();
    }

    /**
     * A look-up key: hashes as a {@link Ref} to its target and equals a Ref to it. The map compares a probe only
     * as the key asked with ({@code probe.equals(ref)}), never stores one.
     */
    private static final class Probe {
      Object target;
      int hash;

      @Override
      public int hashCode() {
        return hash;
      }

      @Override
      public boolean equals(Object other) {
        return other instanceof Ref r && target != null && r.get() == target;
      }
    }

    /** Equal to another Ref to the same live object; a cleared Ref equals only itself. */
    private static final class Ref extends WeakReference<Object> {
      private final int hash;

      Ref(Object o, ReferenceQueue<Object> queue) {
        super(o, queue);
        this.hash = System.identityHashCode(o);
      }

      @Override
      public int hashCode() {
        return hash;
      }

      @Override
      public boolean equals(Object other) {
        if (other == this) {
          return true;
        }
        Object o = get();
        return o != null && other instanceof Ref r && r.get() == o;
      }
    }
  }
}
