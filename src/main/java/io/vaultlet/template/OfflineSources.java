package io.vaultlet.template;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Dependency data from local sources, for rendering without Vault ({@code vaultlet template render --secrets}): a map
 * from Vault path to the JSON body Vault would return, and files read from disk.
 *
 * <p>Keys: a read is looked up by its path with the query ({@code secret/foo?version=1}), then by the bare path; a
 * write by {@code write PATH k1=v1 k2=v2} (keys sorted), then by the path; a list by {@code list PATH}, then by the
 * path; {@code pkiCert} by its path.
 */
public final class OfflineSources {

  private final Map<String, Object> secrets;

  /** {@code secrets}: Vault path → response body, decoded with {@link GoJson#parse} (integers as Long). */
  public OfflineSources(Map<String, Object> secrets) {
    Map<String, Object> normalized = new TreeMap<>();
    for (Map.Entry<String, Object> e : secrets.entrySet()) {
      normalized.put(normalize(e.getKey()), e.getValue());
    }
    this.secrets = Collections.unmodifiableMap(normalized);
  }

  /**
   * Renders {@code template} n-pass: execute, fetch what the execution found missing, and again, until nothing used is
   * missing. A dependency with no local data is an error naming it.
   */
  public Template.Result render(Template template, Map<String, String> env, Object root)
      throws RenderException, MissingDataException {
    MemoryBrain brain = new MemoryBrain();
    for (int pass = 0; ; pass++) {
      Template.Result r = template.execute(brain, env, root);
      if (r.complete()) {
        return r;
      }
      if (pass > 1000) {
        throw new MissingDataException("template did not settle after 1000 passes");
      }
      for (Dependency d : r.missing()) {
        brain.remember(d, fetch(d));
      }
    }
  }

  /** The value a dependency resolves to from these sources. */
  public Object fetch(Dependency d) throws MissingDataException {
    if (d instanceof Dependency.LocalFile f) {
      try {
        return Files.readString(Path.of(f.path()));
      } catch (IOException e) {
        throw new MissingDataException(d.key() + ": cannot read file: " + e.getMessage());
      }
    }
    Object body = lookup(d);
    if (body == null) {
      throw new MissingDataException(d.key() + ": no data for Vault path \"" + d.vaultPath()
          + "\"; add it to the --secrets file");
    }
    if (d instanceof Dependency.VaultList) {
      return listKeys(d, body);
    }
    if (!(body instanceof Map<?, ?>)) {
      throw new MissingDataException(d.key() + ": the --secrets entry must be a JSON object (a Vault response body)");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) body;
    return d instanceof Dependency.VaultPki ? PemEncoded.fromResponse(m) : Secret.fromResponse(m);
  }

  private Object lookup(Dependency d) {
    List<String> candidates = new ArrayList<>();
    if (d instanceof Dependency.VaultRead r) {
      if (!r.query().isEmpty()) {
        candidates.add(r.path() + "?" + r.queryString());
      }
      candidates.add(r.path());
    } else if (d instanceof Dependency.VaultWrite w) {
      StringBuilder sb = new StringBuilder("write ").append(w.path());
      w.data().forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
      candidates.add(sb.toString());
      candidates.add(w.path());
    } else if (d instanceof Dependency.VaultList l) {
      candidates.add("list " + l.path());
      candidates.add(l.path());
    } else if (d instanceof Dependency.VaultPki p) {
      candidates.add(p.path());
    }
    for (String c : candidates) {
      Object v = secrets.get(normalize(c));
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  private static Object listKeys(Dependency d, Object body) throws MissingDataException {
    Object keys = body;
    if (body instanceof Map<?, ?> m) {
      keys = m.get("data") instanceof Map<?, ?> data ? data.get("keys") : m.get("keys");
    }
    if (keys == null) {
      return StringSlice.of(List.of());
    }
    if (!(keys instanceof List<?> l)) {
      throw new MissingDataException(d.key() + ": the list's keys must be a JSON array of strings");
    }
    List<String> out = new ArrayList<>();
    for (Object o : l) {
      if (!(o instanceof String s)) {
        throw new MissingDataException(d.key() + ": the list's keys must be a JSON array of strings");
      }
      out.add(s);
    }
    Collections.sort(out);
    return StringSlice.of(out);
  }


  private static String normalize(String key) {
    String k = key.strip();
    int space = k.indexOf(' ');
    String prefix = "";
    if (k.startsWith("write ") || k.startsWith("list ")) {
      prefix = k.substring(0, space + 1);
      k = k.substring(space + 1).strip();
    }
    int start = 0;
    int end = k.length();
    while (start < end && k.charAt(start) == '/') {
      start++;
    }
    int q = k.indexOf('?');
    int pathEnd = q < 0 ? (k.indexOf(' ') < 0 ? end : k.indexOf(' ')) : q;
    int trim = pathEnd;
    while (trim > start && k.charAt(trim - 1) == '/') {
      trim--;
    }
    return prefix + k.substring(start, trim) + k.substring(pathEnd);
  }

  /** A dependency has no local data. */
  public static final class MissingDataException extends Exception {
    public MissingDataException(String message) {
      super(message);
    }
  }
}
