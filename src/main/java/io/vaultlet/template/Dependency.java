package io.vaultlet.template;

import io.vaultlet.pki.LocalKeyRequest;
import io.vaultlet.template.gotmpl.GoFormat;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Something a template needs from outside: a Vault read, write or list, a PKI issue, or a local file. Templates record
 * the dependencies they use; the runtime fetches them and fills the {@link Brain}.
 *
 * <p>{@link #key()} identifies a dependency for de-duplication across all templates: two calls with equal keys share one
 * fetch and one brain entry. The keys follow consul-template's dependency IDs ({@code vault.read(secret/foo.v2)},
 * {@code vault.write(transit/encrypt/x -> 05e11075)}, {@code vault.list(secret)}, {@code vault.pki(pki/issue/r->dest)},
 * {@code file(/etc/x)}), except where consul-template's IDs collide on different requests: a read's query parameters
 * other than {@code version}, and {@code pkiCert}'s {@code k=v} arguments, are part of vaultlet's key.
 *
 * <p>Dependencies are immutable values (equal when their fields are). The kinds whose key costs something to compute
 * (a query to sort and encode, a SHA-1 of the data) are classes that compute it once, when made, rather than records
 * (which cannot hold a derived field); every render asks for each key more than once.
 */
public sealed interface Dependency
    permits Dependency.VaultRead, Dependency.VaultWrite, Dependency.VaultList, Dependency.VaultPki,
        Dependency.LocalFile {

  /** The stable de-duplication key (consul-template's dependency ID where that is unambiguous). */
  String key();

  /**
   * True for the dependencies whose value is a certificate with its key: {@code pkiCert}, {@code secret} on an
   * {@code …/issue/…} path, and local-key {@code secret "…/sign/<role>"} (no {@code csr}). The templates writing one
   * should share a {@code publish_group}.
   */
  static boolean issuesCertificate(Dependency d) {
    return d instanceof VaultPki
        || d instanceof VaultWrite w && (w.path().contains("/issue/") || LocalKeyRequest.applies(w.path(), w.data()));
  }

  /** True for dependencies on Vault (their data is secret: redacted from errors). */
  default boolean isVault() {
    return !(this instanceof LocalFile);
  }

  /** The Vault path as the template wrote it ({@code database/creds/app}, without a query); "" for a local file. */
  default String vaultPath() {
    if (this instanceof VaultRead r) {
      return r.path();
    }
    if (this instanceof VaultWrite w) {
      return w.path();
    }
    if (this instanceof VaultList l) {
      return l.path();
    }
    if (this instanceof VaultPki p) {
      return p.path();
    }
    return "";
  }

  /**
   * {@code secret "path"}: a GET of {@code path} with its query parameters (e.g. {@code ?version=2}). The path is the
   * logical one the user wrote; KV v2 mounts get {@code data/} inserted by the runtime.
   */
  final class VaultRead implements Dependency {
    private final String path;
    private final Map<String, List<String>> query;
    private final String key;

    public VaultRead(String path, Map<String, List<String>> query) {
      this.path = path;
      this.query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
      this.key = readKey(path, this.query);
    }

    /** Parses the {@code secret} argument as consul-template does: trim spaces and {@code /}, then URL-parse. */
    public static VaultRead parse(String input) {
      String s = trimSlashes(input.strip());
      if (s.isEmpty()) {
        throw new IllegalArgumentException("vault.read: invalid format: \"" + s + "\"");
      }
      String rawPath = s;
      String rawQuery = null;
      int hash = rawPath.indexOf('#');
      if (hash >= 0) {
        rawPath = rawPath.substring(0, hash);
      }
      int q = rawPath.indexOf('?');
      if (q >= 0) {
        rawQuery = rawPath.substring(q + 1);
        rawPath = rawPath.substring(0, q);
      }
      return new VaultRead(decodePath(rawPath), parseQuery(rawQuery));
    }

    public String path() {
      return path;
    }

    public Map<String, List<String>> query() {
      return query;
    }

    /** The {@code version} query parameter, or null. */
    public String version() {
      return version(query);
    }

    private static String version(Map<String, List<String>> query) {
      List<String> v = query.get("version");
      return v == null || v.isEmpty() ? null : v.get(0);
    }

    @Override
    public String key() {
      return key;
    }

    private static String readKey(String path, Map<String, List<String>> query) {
      StringBuilder sb = new StringBuilder("vault.read(").append(path);
      String version = version(query);
      if (version != null) {
        sb.append(".v").append(version);
      }
      String others = encodeQuery(query, "version");
      if (!others.isEmpty()) {
        sb.append('?').append(others);
      }
      return sb.append(')').toString();
    }

    /** The query string sent to Vault (all parameters, sorted), empty when none. */
    public String queryString() {
      return encodeQuery(query, null);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof VaultRead r && Objects.equals(path, r.path) && query.equals(r.query);
    }

    @Override
    public int hashCode() {
      return Objects.hash(path, query);
    }

    @Override
    public String toString() {
      return "VaultRead[path=" + path + ", query=" + query + "]";
    }
  }

  /**
   * {@code secret "path" "k=v" ...}: a PUT of {@code data} to {@code path}; the response is the template's value. A
   * {@code secret "path" ""} call is a write with empty data, as in consul-template.
   */
  final class VaultWrite implements Dependency {
    private final String path;
    private final Map<String, String> data;
    private final String key;

    public VaultWrite(String path, Map<String, String> data) {
      this.path = trimSlashes(path.strip());
      if (this.path.isEmpty()) {
        throw new IllegalArgumentException("vault.write: invalid format: \"\"");
      }
      this.data = Collections.unmodifiableMap(new TreeMap<>(data));
      this.key = "vault.write(" + this.path + " -> " + dataHash(this.data) + ")";
    }

    public String path() {
      return path;
    }

    public Map<String, String> data() {
      return data;
    }

    @Override
    public String key() {
      return key;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof VaultWrite w && path.equals(w.path) && data.equals(w.data);
    }

    @Override
    public int hashCode() {
      return Objects.hash(path, data);
    }

    @Override
    public String toString() {
      return "VaultWrite[path=" + path + ", data=" + data + "]";
    }
  }

  /** {@code secrets "path"}: a LIST of {@code path}; the value is the sorted list of keys. */
  record VaultList(String path) implements Dependency {
    public VaultList {
      path = trimSlashes(path.strip());
      if (path.isEmpty()) {
        throw new IllegalArgumentException("vault.list: invalid format: \"\"");
      }
    }

    @Override
    public String key() {
      return "vault.list(" + path + ")";
    }
  }

  /**
   * {@code pkiCert "pki/issue/role" "common_name=x"}: a PUT that issues a certificate, cached in the template's
   * {@code destination} file while it is still valid.
   */
  final class VaultPki implements Dependency {
    private final String path;
    private final Map<String, String> data;
    private final String destination;
    private final String key;

    public VaultPki(String path, Map<String, String> data, String destination) {
      String s = trimSlashes(path.strip());
      if (s.isEmpty()) {
        throw new IllegalArgumentException("vault.read: invalid format: \"\"");
      }
      int q = s.indexOf('?');
      this.path = decodePath(q >= 0 ? s.substring(0, q) : s);
      this.data = Collections.unmodifiableMap(new TreeMap<>(data));
      this.destination = destination == null ? "" : destination;
      // consul-template's ID omits the data, so two issues differing only in arguments collide; vaultlet keeps them apart.
      this.key = this.data.isEmpty()
          ? "vault.pki(" + this.path + "->" + this.destination + ")"
          : "vault.pki(" + this.path + " -> " + dataHash(this.data) + "->" + this.destination + ")";
    }

    public String path() {
      return path;
    }

    public Map<String, String> data() {
      return data;
    }

    public String destination() {
      return destination;
    }

    @Override
    public String key() {
      return key;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof VaultPki p && path.equals(p.path) && data.equals(p.data)
          && destination.equals(p.destination);
    }

    @Override
    public int hashCode() {
      return Objects.hash(path, data, destination);
    }

    @Override
    public String toString() {
      return "VaultPki[path=" + path + ", data=" + data + ", destination=" + destination + "]";
    }
  }

  /** {@code file "path"}: the contents of a local file (already cleaned or sandbox-resolved). */
  record LocalFile(String path) implements Dependency {
    @Override
    public String key() {
      return "file(" + path + ")";
    }
  }

  /**
   * consul-template's {@code sha1Map}: the first 4 bytes (8 hex digits) of SHA-1 over {@code k="v"} for each key in
   * sorted order, values quoted as Go's {@code %q}; empty data hashes to {@code da39a3ee}.
   */
  static String dataHash(Map<String, String> data) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      for (Map.Entry<String, String> e : new TreeMap<>(data).entrySet()) {
        sha1.update((e.getKey() + "=" + GoFormat.quote(e.getValue())).getBytes(StandardCharsets.UTF_8));
      }
      byte[] digest = sha1.digest();
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String trimSlashes(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == '/') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == '/') {
      end--;
    }
    return s.substring(start, end);
  }

  private static String decodePath(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    try {
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return raw;
    }
  }

  /** consul-template's parsing: {@code ;} separates pairs too. */
  private static Map<String, List<String>> parseQuery(String raw) {
    return raw == null ? new LinkedHashMap<>() : io.vaultlet.support.QueryString.parse(raw.replace(';', '&'));
  }


  private static String encodeQuery(Map<String, List<String>> query, String skip) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, List<String>> e : new TreeMap<>(query).entrySet()) {
      if (e.getKey().equals(skip)) {
        continue;
      }
      for (String v : e.getValue()) {
        if (sb.length() > 0) {
          sb.append('&');
        }
        sb.append(java.net.URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
            .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8));
      }
    }
    return sb.toString();
  }
}
