package io.vaultlet.lease;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultlet.lease.DependencyFetcher.Fetched;
import io.vaultlet.pki.Csr;
import io.vaultlet.pki.KeySpec;
import io.vaultlet.pki.LocalKeyRequest;
import io.vaultlet.pki.LocalKeys;
import io.vaultlet.pki.Pem;
import io.vaultlet.support.Log;
import io.vaultlet.support.Redactor;
import io.vaultlet.template.Dependency;
import io.vaultlet.template.PemEncoded;
import io.vaultlet.template.Secret;
import io.vaultlet.vault.VaultClient;
import io.vaultlet.vault.VaultException;
import io.vaultlet.vault.VaultResponse;
import java.io.IOException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Fetches a local-key certificate ({@link LocalKeyRequest}): the private key is made here and never sent anywhere.
 *
 * <ol>
 *   <li>A certificate at the destinations (each file alone, or all together) that is before its rotation point, for
 *       the same common name (and key type, when the template names one), <b>with its matching key</b>, is the value:
 *       no request (start-up, restart).</li>
 *   <li>Otherwise the key: with {@code key_reuse}, the key already at the destinations; else a new one of the
 *       template's {@code key_type}/{@code key_bits}, else the role's (read from {@code <mount>/roles/<role>} when the
 *       token may), else {@link KeySpec#DEFAULT}.</li>
 *   <li>A certificate request for it goes to {@code sign/<role>}; the answer must certify that very key.</li>
 * </ol>
 *
 * The key is registered with the {@link Redactor} before anything else happens to it.
 */
final class LocalKeySigner {

  private static final Log LOG = Log.named("lease.signer");

  private final LeaseTiming timing;

  LocalKeySigner(LeaseTiming timing) {
    this.timing = timing;
  }

  /** The key to use and how it was chosen. */
  private record Choice(KeyPair key, String how, boolean defaulted, int requests) {}

  Fetched fetch(Dependency d, LocalKeyRequest req, Collection<String> destinations, Optional<Duration> renewBefore,
      VaultClient client, String token, Instant now) throws FetchException {
    boolean pkiCert = d instanceof Dependency.VaultPki;
    for (PemBundle b : CertificateFiles.candidates(destinations)) {
      if (reusable(b, req, renewBefore, now)) {
        LOG.debug("reusing the certificate and key found at the destinations", "dependency", d.key(), "not_after",
            b.cert().getNotAfter().toInstant());
        Redactor.registerPem(b.keyPem());
        Object value = pkiCert ? b.toPemEncoded() : new Secret("", "", 0, false, b.issueData(true), null, null, null);
        return new Fetched(value, lease("", b, now, token), 0, PemBundle.serial(b.cert()), "");
      }
    }
    Choice choice = choose(d, req, destinations, client);
    String keyPem = LocalKeys.privateKeyPem(choice.key(), req.pkcs8());
    Redactor.registerPem(keyPem);
    String csr;
    try {
      csr = Csr.pem(choice.key(), req.names());
    } catch (IllegalArgumentException e) {
      throw new FetchException(d.key() + ": " + e.getMessage(), e);
    }
    VaultResponse resp;
    try {
      resp = client.write(req.path(), req.body(csr))
          .orElseThrow(() -> new FetchException(d.key() + ": no secret exists at " + req.path()));
    } catch (VaultException e) {
      throw new FetchException(d.key() + ": " + e.getMessage() + hint(e, req, choice), e);
    }
    Map<String, Object> body = new LinkedHashMap<>(DependencyFetcher.body(resp));
    Map<String, Object> data = data(body);
    PemBundle signed = PemBundle.scan(String.valueOf(data.getOrDefault("certificate", ""))).orElseThrow(
        () -> new FetchException(d.key() + ": the response holds no certificate"));
    if (!signed.cert().getPublicKey().equals(choice.key().getPublic())) {
      throw new FetchException(d.key() + ": the certificate Vault answered is not for the key vaultlet sent");
    }
    data.put("private_key", keyPem);
    data.put("private_key_type", LocalKeys.typeName(choice.key().getPrivate()));
    Object value = pkiCert ? PemEncoded.fromResponse(body) : Secret.fromResponse(body);
    LOG.debug("signed a certificate for a local key", "dependency", d.key(), "key", choice.how(), "not_after",
        signed.cert().getNotAfter().toInstant());
    return new Fetched(value, lease(resp.leaseId(), signed, now, token), choice.requests() + 1,
        PemBundle.serial(signed.cert()), choice.how());
  }

  /** Before its rotation point, same common name, the asked key type, and the key that belongs to it. */
  private boolean reusable(PemBundle b, LocalKeyRequest req, Optional<Duration> renewBefore, Instant now) {
    if (!b.freshFor(req.names().commonName(), timing, renewBefore, now)) {
      return false;
    }
    if (req.key().isPresent() && !req.key().get().matches(b.cert().getPublicKey())) {
      return false;
    }
    return b.keyMatches();
  }

  private Choice choose(Dependency d, LocalKeyRequest req, Collection<String> destinations, VaultClient client)
      throws FetchException {
    if (req.keyReuse()) {
      Optional<KeyPair> onDisk = keyOnDisk(d, req, destinations);
      if (onDisk.isPresent()) {
        return new Choice(onDisk.get(), "key reused", false, 0);
      }
    }
    if (req.key().isPresent()) {
      return generated(req.key().get(), false, 0);
    }
    Optional<KeySpec> fromRole;
    try {
      fromRole = roleKey(d, req, client);
    } catch (VaultException e) {
      LOG.debug("cannot read the role's key type; generating the default key", "role", req.rolePath(),
          "status", e.status(), "key", KeySpec.DEFAULT);
      return generated(KeySpec.DEFAULT, true, 1);
    }
    return fromRole.map(s -> generated(s, false, 1)).orElseGet(() -> generated(KeySpec.DEFAULT, false, 1));
  }

  private static Choice generated(KeySpec spec, boolean defaulted, int requests) {
    return new Choice(LocalKeys.generate(spec), "new " + spec + " key", defaulted, requests);
  }

  /** The role's {@code key_type}/{@code key_bits}; empty for {@code any} or an unknown role. */
  private static Optional<KeySpec> roleKey(Dependency d, LocalKeyRequest req, VaultClient client)
      throws FetchException {
    Optional<VaultResponse> role = client.read(req.rolePath());
    if (role.isEmpty()) {
      return Optional.empty();
    }
    JsonNode data = role.get().data();
    String type = data.path("key_type").asText("");
    if (type.equals("rsa") || type.equals("ec")) {
      try {
        return Optional.of(KeySpec.of(type, data.path("key_bits").asInt(0)));
      } catch (IllegalArgumentException e) {
        LOG.warn("the role's key size is not one vaultlet generates; using the default key", "role", req.rolePath(),
            "error", e.getMessage(), "key", KeySpec.DEFAULT);
        return Optional.empty();
      }
    }
    if (type.isEmpty() || type.equals("any")) {
      return Optional.empty();
    }
    throw new FetchException(d.key() + ": role " + req.role() + " requires " + type + " keys; vaultlet generates rsa "
        + "and ec keys (use a role with key_type rsa, ec or any, or pass csr=… to sign your own request)");
  }

  /**
   * {@code key_reuse}: the key at the destinations — the one that belongs to a certificate found there, else the first
   * private key in any of the files. A key of another type than the template asks for is not reused.
   */
  private static Optional<KeyPair> keyOnDisk(Dependency d, LocalKeyRequest req, Collection<String> destinations) {
    Optional<KeyPair> found = Optional.empty();
    for (PemBundle b : CertificateFiles.candidates(destinations)) {
      if (b.keyMatches()) {
        found = parse(b.keyPem(), "the destination").map(k -> new KeyPair(b.cert().getPublicKey(), k));
        break;
      }
    }
    if (found.isEmpty()) {
      for (String text : CertificateFiles.texts(destinations)) {
        if (text.contains("PRIVATE KEY-----")) {
          found = parse(text, "the destination").map(LocalKeys::keyPair);
          break;
        }
      }
    }
    if (found.isEmpty()) {
      LOG.info("key_reuse: no key at the destinations yet; generating one", "dependency", d.key());
      return Optional.empty();
    }
    if (req.key().isPresent() && !req.key().get().matches(found.get().getPublic())) {
      LOG.info("key_reuse: the key at the destinations is not the key type asked for; generating a new one",
          "dependency", d.key(), "key", req.key().get());
      return Optional.empty();
    }
    Redactor.registerPem(LocalKeys.privateKeyPem(found.get(), req.pkcs8()));
    return found;
  }

  private static Optional<PrivateKey> parse(String pem, String source) {
    try {
      return Optional.of(Pem.parsePrivateKey(pem, source));
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn("key_reuse: the key at the destinations cannot be read; generating a new one", "error", e.getMessage());
      return Optional.empty();
    }
  }

  /** A refusal of the default key when the role could not be read says what to do about it. */
  private static String hint(VaultException e, LocalKeyRequest req, Choice choice) {
    if (e.status() != 400 || !choice.defaulted()) {
      return "";
    }
    return " (vaultlet could not read " + req.rolePath() + " to learn the role's key type and generated its default "
        + KeySpec.DEFAULT + " key; pass key_type=… key_bits=… matching the role)";
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> data(Map<String, Object> body) {
    Map<String, Object> data = body.get("data") instanceof Map<?, ?> m
        ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
    body.put("data", data);
    return data;
  }

  private static Lease lease(String leaseId, PemBundle b, Instant now, String token) {
    return Lease.certificate(leaseId, now, b.cert().getNotBefore().toInstant(), b.cert().getNotAfter().toInstant(),
        token);
  }
}
