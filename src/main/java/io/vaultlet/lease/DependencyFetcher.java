package io.vaultlet.lease;

import io.vaultlet.support.Log;
import io.vaultlet.support.Redactor;
import io.vaultlet.template.Dependency;
import io.vaultlet.template.GoJson;
import io.vaultlet.template.PemEncoded;
import io.vaultlet.template.Secret;
import io.vaultlet.vault.VaultClient;
import io.vaultlet.vault.VaultException;
import io.vaultlet.vault.VaultResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fetches one {@link Dependency} from Vault (or the file system) and classifies the lifetime of what came back
 * (consul-template's {@code dependency/vault_*.go} fetch plus {@code leaseCheckWait}'s special cases).
 */
final class DependencyFetcher {

  private static final Log LOG = Log.named("lease.fetcher");

  /** A fetched value with its lease; {@code requests} counts the Vault requests it took (0 for a reused cert). */
  record Fetched(Object value, Lease lease, int requests, byte[] response) {
    Fetched(Object value, Lease lease, int requests) {
      this(value, lease, requests, null);
    }
  }

  private final LeaseTiming timing;

  DependencyFetcher(LeaseTiming timing) {
    this.timing = timing;
  }

  Fetched fetch(Dependency d, Collection<String> destinations, VaultClient client, String token, Instant now)
      throws FetchException {
    return fetch(d, destinations, client, token, now, false);
  }

  /** With {@code fresh}, a certificate found at a destination is not reused: a new one is issued. */
  Fetched fetch(Dependency d, Collection<String> destinations, VaultClient client, String token, Instant now,
      boolean fresh) throws FetchException {
    if (fresh && d instanceof Dependency.VaultPki p) {
      try {
        return issue(p, client, token, now);
      } catch (VaultException e) {
        throw new FetchException(d.key() + ": " + e.getMessage(), e);
      }
    }
    if (fresh) {
      destinations = List.of();
    }
    try {
      if (d instanceof Dependency.VaultRead r) {
        return read(r, client, token, now);
      } else if (d instanceof Dependency.VaultWrite w) {
        return write(w, destinations, client, token, now);
      } else if (d instanceof Dependency.VaultList l) {
        return list(l, client, token, now);
      } else if (d instanceof Dependency.VaultPki p) {
        return pki(p, client, token, now);
      } else if (d instanceof Dependency.LocalFile f) {
        return file(f, now);
      }
      throw new FetchException(d.key() + ": unsupported dependency");
    } catch (VaultException e) {
      throw new FetchException(d.key() + ": " + e.getMessage(), e);
    }
  }

  private Fetched read(Dependency.VaultRead r, VaultClient client, String token, Instant now) throws FetchException {
    Map<String, String> query = new LinkedHashMap<>();
    r.query().forEach((k, v) -> query.put(k, v.isEmpty() ? "" : v.get(0)));
    Optional<VaultResponse> resp = client.readSecret(r.path(), query);
    if (resp.isEmpty() || resp.get().isKvV2Deleted(now)) {
      throw new FetchException(r.key() + ": no secret exists at " + r.path());
    }
    return secret(resp.get(), token, now);
  }

  private Fetched write(Dependency.VaultWrite w, Collection<String> destinations, VaultClient client, String token,
      Instant now) throws FetchException {
    if (isPkiIssue(w.path())) {
      Optional<Fetched> reused = reuseIssuedSecret(w, destinations, token, now);
      if (reused.isPresent()) {
        return reused.get();
      }
    }
    Optional<VaultResponse> resp = client.write(w.path(), w.data());
    if (resp.isEmpty()) {
      throw new FetchException(w.key() + ": no secret exists at " + w.path());
    }
    return secret(resp.get(), token, now);
  }

  private Fetched list(Dependency.VaultList l, VaultClient client, String token, Instant now) {
    Optional<VaultResponse> resp = client.list(listPath(client, l.path()));
    List<String> keys = new ArrayList<>();
    resp.ifPresent(v -> v.data().path("keys").forEach(k -> keys.add(k.asText())));
    keys.sort(null);
    return new Fetched(List.copyOf(keys), Lease.of(Lease.Kind.STATIC, "", now, Duration.ZERO, token), 1);
  }

  /** KV v2 lists go to {@code mount/metadata/…} (consul-template's {@code shimKvV2ListPath}). */
  private static String listPath(VaultClient client, String path) {
    String data = client.secretPath(path);
    if (data.equals(path)) {
      return path;
    }
    int i = 0;
    while (i < path.length() && i < data.length() && path.charAt(i) == data.charAt(i)) {
      i++;
    }
    String rest = data.substring(i);
    if (rest.startsWith("data")) {
      return data.substring(0, i) + "metadata" + rest.substring(4);
    }
    return path;
  }

  private Fetched pki(Dependency.VaultPki p, VaultClient client, String token, Instant now) throws FetchException {
    Optional<PemBundle> onDisk = readBundle(p.destination());
    if (onDisk.isPresent() && reusable(onDisk.get(), p.data(), now)) {
      PemBundle b = onDisk.get();
      LOG.debug("reusing the certificate at the destination", "dependency", p.key(), "not_after",
          b.cert().getNotAfter().toInstant());
      return new Fetched(b.toPemEncoded(), certLease("", b, now, token), 0);
    }
    return issue(p, client, token, now);
  }

  private Fetched issue(Dependency.VaultPki p, VaultClient client, String token, Instant now) throws FetchException {
    Optional<VaultResponse> resp = client.write(p.path(), p.data());
    if (resp.isEmpty()) {
      throw new FetchException(p.key() + ": no secret exists at " + p.path());
    }
    Map<String, Object> body = body(resp.get());
    registerSecrets(body.get("data"));
    PemEncoded pem = PemEncoded.fromResponse(body);
    PemBundle issued = PemBundle.scan(pem.cert()).orElseThrow(
        () -> new FetchException(p.key() + ": the response holds no certificate"));
    return new Fetched(pem, certLease(resp.get().leaseId(), issued, now, token), 1);
  }

  private Fetched file(Dependency.LocalFile f, Instant now) throws FetchException {
    try {
      return new Fetched(Files.readString(Path.of(f.path())), Lease.of(Lease.Kind.FILE, "", now, Duration.ZERO, ""), 0);
    } catch (IOException e) {
      throw new FetchException(f.key() + ": cannot read file: " + e.getMessage(), e);
    }
  }

  /** Classifies a read or write response (leaseCheckWait's rules, vault-agent.md §3.2). */
  private Fetched secret(VaultResponse resp, String token, Instant now) throws FetchException {
    Map<String, Object> body = body(resp);
    registerSecrets(body.get("data"));
    Secret s = Secret.fromResponse(body);
    byte[] raw = resp.body().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Map<String, Object> data = s.data() == null ? Map.of() : s.data();
    String leaseId = s.leaseId();
    Duration duration = Duration.ofSeconds(Math.max(0, s.leaseDuration()));
    if (leaseId.isEmpty() && data.get("certificate") instanceof String pem) {
      Optional<PemBundle> b = PemBundle.scan(pem);
      if (b.isPresent()) {
        return new Fetched(s, certLease("", b.get(), now, token), 1);
      }
    }
    if (leaseId.isEmpty() && data.containsKey("rotation_period") && data.get("ttl") instanceof Number ttl) {
      if (ttl.longValue() <= 0) {
        throw new FetchException("vault rotating secret returned ttl=0, will retry");
      }
      return new Fetched(s, Lease.of(Lease.Kind.ROTATING, "", now, Duration.ofSeconds(ttl.longValue() + 1), token), 1);
    }
    if (leaseId.isEmpty() && data.containsKey("secret_id") && data.get("secret_id_ttl") instanceof Number ttl
        && ttl.longValue() > 0) {
      return new Fetched(s,
          Lease.of(Lease.Kind.NON_RENEWABLE, "", now, Duration.ofSeconds(ttl.longValue() + 1), token), 1);
    }
    boolean kv = resp.mountType().map(t -> t.equals("kv")).orElse(false);
    if (kv || duration.isZero()) {
      return new Fetched(s, Lease.of(Lease.Kind.STATIC, leaseId, now, Duration.ZERO, token), 1);
    }
    boolean renewable = s.auth() != null ? s.auth().renewable() : s.renewable();
    Lease.Kind kind = renewable && !leaseId.isEmpty() ? Lease.Kind.RENEWABLE : Lease.Kind.NON_RENEWABLE;
    return new Fetched(s, Lease.of(kind, leaseId, now, duration, token), 1, raw);
  }

  private Lease certLease(String leaseId, PemBundle b, Instant now, String token) {
    return Lease.certificate(leaseId, now, b.cert().getNotBefore().toInstant(), b.cert().getNotAfter().toInstant(),
        token);
  }

  /** A certificate on disk is reused while it is before its rotation point and was issued for the same name. */
  private boolean reusable(PemBundle b, Map<String, String> request, Instant now) {
    Instant notBefore = b.cert().getNotBefore().toInstant();
    Instant notAfter = b.cert().getNotAfter().toInstant();
    if (!now.isBefore(timing.certificateRotation(notBefore, notAfter))) {
      return false;
    }
    String cn = request.get("common_name");
    return cn == null || cn.equals(b.commonName());
  }

  /**
   * {@code secret "pki/issue/…"}: when a destination of a template using this request holds a certificate for the
   * same common name, with its key, before its rotation point, that certificate is the value (no issue request).
   */
  private Optional<Fetched> reuseIssuedSecret(Dependency.VaultWrite w, Collection<String> destinations, String token,
      Instant now) {
    if (!w.data().containsKey("common_name")) {
      return Optional.empty();
    }
    // each destination alone, then all of them together (certificate and key rendered into separate files)
    List<String> candidates = new ArrayList<>();
    StringBuilder all = new StringBuilder();
    for (String dest : destinations) {
      readText(dest).ifPresent(text -> {
        candidates.add(text);
        all.append(text).append('\n');
      });
    }
    if (candidates.size() > 1) {
      candidates.add(all.toString());
    }
    for (String text : candidates) {
      Optional<PemBundle> b = PemBundle.scan(text);
      if (b.isPresent() && reusable(b.get(), w.data(), now) && b.get().keyMatches()) {
        PemBundle pem = b.get();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("certificate", pem.certPem().strip());
        data.put("private_key", pem.keyPem().strip());
        data.put("issuing_ca", pem.caPem().strip());
        List<String> chain = new ArrayList<>();
        pem.chainPems().forEach(c -> chain.add(c.strip()));
        data.put("ca_chain", chain);
        data.put("expiration", pem.cert().getNotAfter().toInstant().getEpochSecond());
        data.put("serial_number", serial(pem));
        Secret s = new Secret("", "", 0, false, data, null, null, null);
        LOG.debug("reusing the certificate found at the destinations", "dependency", w.key());
        return Optional.of(new Fetched(s, certLease("", pem, now, token), 0));
      }
    }
    return Optional.empty();
  }

  private static String serial(PemBundle b) {
    String hex = b.cert().getSerialNumber().toString(16);
    if (hex.length() % 2 == 1) {
      hex = "0" + hex;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < hex.length(); i += 2) {
      if (i > 0) {
        sb.append(':');
      }
      sb.append(hex, i, i + 2);
    }
    return sb.toString();
  }

  static boolean isPkiIssue(String path) {
    return path.contains("/issue/");
  }

  private static Optional<PemBundle> readBundle(String destination) {
    return readText(destination).flatMap(PemBundle::scan);
  }

  private static Optional<String> readText(String destination) {
    if (destination == null || destination.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readString(Path.of(destination)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot read the existing certificate; a new one will be issued", "destination", destination,
          "error", e.getMessage());
      return Optional.empty();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> body(VaultResponse resp) throws FetchException {
    try {
      Object o = GoJson.parse(resp.body().toString(), GoJson.Numbers.INTEGERS_AS_LONG);
      return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    } catch (IOException e) {
      throw new FetchException("the Vault response is not JSON: " + e.getMessage(), e);
    }
  }

  private static void registerSecrets(Object data) {
    if (data instanceof String s) {
      if (!s.startsWith("-----BEGIN CERTIFICATE")) {
        Redactor.register(s);
      }
    } else if (data instanceof Map<?, ?> m) {
      m.values().forEach(DependencyFetcher::registerSecrets);
    } else if (data instanceof List<?> l) {
      l.forEach(DependencyFetcher::registerSecrets);
    }
  }
}
