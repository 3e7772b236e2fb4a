package io.vaultlet.lease;

import io.vaultlet.config.Limits;
import io.vaultlet.pki.LocalKeyRequest;
import io.vaultlet.support.BoundedFiles;
import io.vaultlet.support.Failures;
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

  /**
   * A fetched value with its lease; {@code requests} counts the Vault requests it took (0 for a reused cert). For a
   * certificate, {@code serial} is its serial number and {@code detail} says how its key was chosen (local keys);
   * {@code response} is Vault's raw answer when the lease cache may hand it out again (else null).
   */
  record Fetched(Object value, Lease lease, int requests, String serial, String detail, byte[] response) {
    Fetched(Object value, Lease lease, int requests) {
      this(value, lease, requests, "", "", null);
    }

    Fetched(Object value, Lease lease, int requests, String serial, String detail) {
      this(value, lease, requests, serial, detail, null);
    }

    Fetched(Object value, Lease lease, int requests, byte[] response) {
      this(value, lease, requests, "", "", response);
    }
  }

  private final LeaseTiming timing;
  private final LocalKeySigner signer;
  private final long maxFileSize;

  DependencyFetcher(LeaseTiming timing, long maxFileSize) {
    this.timing = timing;
    this.signer = new LocalKeySigner(timing);
    this.maxFileSize = maxFileSize;
  }

  /**
   * Fetches {@code d}. {@code destinations} are where its templates write (the cache of certificates);
   * {@code renewBefore} is the {@code renew_before} of those templates.
   */
  Fetched fetch(Dependency d, Collection<String> destinations, Optional<Duration> renewBefore, VaultClient client,
      String token, Instant now) throws FetchException {
    return fetch(d, destinations, renewBefore, client, token, now, false);
  }

  /**
   * With {@code fresh} (a forced re-fetch: {@code /agent/v1/rotate}, a lease revoked through the proxy), a
   * certificate found at a destination is not reused: a new one is issued or signed.
   */
  Fetched fetch(Dependency d, Collection<String> destinations, Optional<Duration> renewBefore, VaultClient client,
      String token, Instant now, boolean fresh) throws FetchException {
    if (fresh) {
      destinations = List.of();
    }
    Optional<LocalKeyRequest> localKey;
    try {
      localKey = localKey(d); // its arguments were checked when the template called it
    } catch (IllegalArgumentException e) {
      throw new FetchException(d.key() + ": " + e.getMessage(), e);
    }
    try {
      if (localKey.isPresent()) {
        return signer.fetch(d, localKey.get(), destinations, renewBefore, client, token, now);
      }
      if (d instanceof Dependency.VaultRead r) {
        return read(r, client, token, now);
      } else if (d instanceof Dependency.VaultWrite w) {
        return write(w, destinations, renewBefore, client, token, now);
      } else if (d instanceof Dependency.VaultList l) {
        return list(l, client, token, now);
      } else if (d instanceof Dependency.VaultPki p) {
        return fresh ? issue(p, client, token, now) : pki(p, renewBefore, client, token, now);
      } else if (d instanceof Dependency.LocalFile f) {
        return file(f, now);
      }
      throw new FetchException(d.key() + ": unsupported dependency");
    } catch (VaultException e) {
      throw new FetchException(d.key() + ": " + e.getMessage(), e);
    }
  }

  /** The local-key request of a {@code pkiCert} or {@code secret} call on a sign path without {@code csr}. */
  static Optional<LocalKeyRequest> localKey(Dependency d) {
    if (d instanceof Dependency.VaultPki p) {
      return LocalKeyRequest.parse(p.path(), p.data());
    }
    if (d instanceof Dependency.VaultWrite w) {
      return LocalKeyRequest.parse(w.path(), w.data());
    }
    return Optional.empty();
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

  private Fetched write(Dependency.VaultWrite w, Collection<String> destinations, Optional<Duration> renewBefore,
      VaultClient client, String token, Instant now) throws FetchException {
    if (isPkiIssue(w.path())) {
      Optional<Fetched> reused = reuseIssuedSecret(w, destinations, renewBefore, token, now);
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

  private Fetched pki(Dependency.VaultPki p, Optional<Duration> renewBefore, VaultClient client, String token,
      Instant now) throws FetchException {
    Optional<PemBundle> onDisk = CertificateFiles.read(p.destination()).flatMap(PemBundle::scan);
    if (onDisk.isPresent() && onDisk.get().freshFor(p.data().get("common_name"), timing, renewBefore, now)) {
      PemBundle b = onDisk.get();
      LOG.debug("reusing the certificate at the destination", "dependency", p.key(), "not_after",
          b.cert().getNotAfter().toInstant());
      return new Fetched(b.toPemEncoded(), certLease("", b, now, token), 0, PemBundle.serial(b.cert()), "");
    }
    return issue(p, client, token, now);
  }

  private Fetched issue(Dependency.VaultPki p, VaultClient client, String token, Instant now) throws FetchException {
    Optional<VaultResponse> resp = client.write(p.path(), p.data());
    if (resp.isEmpty()) {
      throw new FetchException(p.key() + ": no secret exists at " + p.path());
    }
    Map<String, Object> body = body(resp.get());
    Redactor.registerTree(VaultResponse.secretPart(body.get("data")), Redactor.SECRET_FIELDS);
    PemEncoded pem = PemEncoded.fromResponse(body);
    PemBundle issued = PemBundle.scan(pem.cert()).orElseThrow(
        () -> new FetchException(p.key() + ": the response holds no certificate"));
    return new Fetched(pem, certLease(resp.get().leaseId(), issued, now, token), 1, PemBundle.serial(issued.cert()),
        "");
  }

  private Fetched file(Dependency.LocalFile f, Instant now) throws FetchException {
    try {
      // only a regular file, at most max_file_size, read interruptibly: a FIFO or /dev/zero never holds a thread
      String text = BoundedFiles.readString(Path.of(f.path()), maxFileSize, Limits.raise(Limits.MAX_FILE_SIZE));
      return new Fetched(text, Lease.of(Lease.Kind.FILE, "", now, Duration.ZERO, ""), 0);
    } catch (IOException e) {
      throw new FetchException(f.key() + ": cannot read file: " + Failures.file(e), e);
    }
  }

  /**
   * A renewable lease the API proxy's cache obtained for the same read with the same token, taken over instead of a
   * fetch: classified like a response just fetched, with the lease as the cache last renewed it.
   */
  Fetched adopted(ProxiedLeases.HandOver h, String token) throws FetchException {
    VaultResponse response;
    try {
      response = VaultResponse.fromBody(h.body());
    } catch (IOException e) {
      throw new FetchException("a cached response is not JSON: " + e.getMessage(), e);
    }
    Fetched f = secret(response, token, h.obtained());
    if (f.lease().kind() != Lease.Kind.RENEWABLE || !f.lease().leaseId().equals(h.leaseId())) {
      throw new FetchException("a cached response does not hold the lease it was cached with");
    }
    return new Fetched(f.value(), Lease.of(Lease.Kind.RENEWABLE, h.leaseId(), h.obtained(), h.duration(), token), 0,
        f.response());
  }

  /** Classifies a read or write response (leaseCheckWait's rules, vault-agent.md §3.2). */
  private Fetched secret(VaultResponse resp, String token, Instant now) throws FetchException {
    Map<String, Object> body = body(resp);
    Redactor.registerTree(VaultResponse.secretPart(body.get("data")), Redactor.SECRET_FIELDS);
    Secret s = Secret.fromResponse(body);
    byte[] raw = resp.bytes();
    Map<String, Object> data = s.data() == null ? Map.of() : s.data();
    String leaseId = s.leaseId();
    Duration duration = Duration.ofSeconds(Math.max(0, s.leaseDuration()));
    if (leaseId.isEmpty() && data.get("certificate") instanceof String pem) {
      Optional<PemBundle> b = PemBundle.scan(pem);
      if (b.isPresent()) {
        return new Fetched(s, certLease("", b.get(), now, token), 1, PemBundle.serial(b.get().cert()), "");
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

  /**
   * {@code secret "pki/issue/…"}: when a destination of a template using this request holds a certificate for the
   * same common name, with its key, before its rotation point, that certificate is the value (no issue request).
   */
  private Optional<Fetched> reuseIssuedSecret(Dependency.VaultWrite w, Collection<String> destinations,
      Optional<Duration> renewBefore, String token, Instant now) {
    if (!w.data().containsKey("common_name")) {
      return Optional.empty();
    }
    for (PemBundle b : CertificateFiles.candidates(destinations)) {
      if (b.freshFor(w.data().get("common_name"), timing, renewBefore, now) && b.keyMatches()) {
        Secret s = new Secret("", "", 0, false, b.issueData(false), null, null, null);
        LOG.debug("reusing the certificate found at the destinations", "dependency", w.key());
        return Optional.of(new Fetched(s, certLease("", b, now, token), 0, PemBundle.serial(b.cert()), ""));
      }
    }
    return Optional.empty();
  }

  static boolean isPkiIssue(String path) {
    return path.contains("/issue/");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> body(VaultResponse resp) throws FetchException {
    try {
      Object o;
      try {
        o = GoJson.parse(resp.json(), GoJson.Numbers.INTEGERS_AS_LONG);
      } catch (IOException trailing) {
        // the tree ignored what followed the first value (Jackson's reading); the data is that first value
        o = GoJson.parse(resp.body().toString(), GoJson.Numbers.INTEGERS_AS_LONG);
      }
      return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    } catch (IOException e) {
      throw new FetchException("the Vault response is not JSON: " + e.getMessage(), e);
    }
  }
}
