package io.vaultlet.dev.transit;

import io.vaultlet.dev.DevException;
import io.vaultlet.dev.DevRequest;
import io.vaultlet.dev.DevResponse;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code sign/<key>[/<hash>]} and {@code verify/<key>[/<hash>]}, as OpenBao's {@code path_sign_verify.go}: the hash
 * from the URL, else {@code hash_algorithm}, else {@code algorithm}, else {@code sha2-256}; {@code
 * marshaling_algorithm} {@code asn1} (standard base64) or {@code jws} (URL-safe base64 without padding); signatures
 * are {@code vault:v<N>:<base64>}. A signature that does not verify is {@code valid: false}, not an error.
 */
final class TransitSignatures {

  private TransitSignatures() {}

  static DevResponse sign(TransitKey key, DevRequest req, String urlAlgorithm) {
    TransitSigner.Options o = options(req, urlAlgorithm);
    if (key == null) {
      throw DevException.badRequest("signing key not found");
    }
    checkType(key, o, "signing");
    byte[] input = input(req);
    int version = key.encryptionVersion((int) req.integer("key_version", 0), "signing");
    byte[] sig = TransitSigner.sign(key, key.version(version), input, o);
    String encoded = o.jws() ? Base64.getUrlEncoder().withoutPadding().encodeToString(sig) : TransitCrypto.b64(sig);
    Map<String, Object> d = new TreeMap<>();
    d.put("key_version", version);
    d.put("signature", "vault:v" + version + ":" + encoded);
    return DevResponse.of(d);
  }

  static DevResponse verify(TransitKey key, DevRequest req, String urlAlgorithm) {
    TransitSigner.Options o = options(req, urlAlgorithm);
    boolean hasSignature = req.has("signature");
    boolean hasHmac = req.has("hmac");
    if (hasSignature && hasHmac) {
      throw DevException.badRequest("provide one of 'signature' or 'hmac'");
    }
    if (!hasSignature && !hasHmac) {
      throw DevException.badRequest("neither a 'signature' nor an 'hmac' were given to verify");
    }
    if (key == null) {
      throw DevException.badRequest("signature verification key not found");
    }
    if (hasHmac) {
      return TransitHmac.verify(key, req, o.hash());
    }
    checkType(key, o, "verification");
    byte[] input = input(req);
    VersionedValue v = VersionedValue.parse(req.string("signature"), "signature", key);
    byte[] sig;
    try {
      sig = o.jws() ? Base64.getUrlDecoder().decode(v.payload()) : TransitCrypto.base64(v.payload());
    } catch (IllegalArgumentException e) {
      throw DevException.badRequest("invalid base64 signature value");
    }
    Map<String, Object> d = new TreeMap<>();
    d.put("valid", TransitSigner.verify(key, key.version(v.version()), input, sig, o));
    return DevResponse.of(d);
  }

  private static void checkType(TransitKey key, TransitSigner.Options o, String what) {
    if (!key.type.signing()) {
      throw DevException.badRequest("key type " + key.type.wire + " does not support " + what);
    }
    if (o.hash().isEmpty() && (!o.prehashed() || !"pkcs1v15".equals(o.rsaScheme()))) {
      throw DevException.badRequest("hash_algorithm=none requires both prehashed=true and "
          + "signature_algorithm=pkcs1v15");
    }
  }

  private static TransitSigner.Options options(DevRequest req, String urlAlgorithm) {
    String hashName = !urlAlgorithm.isEmpty() ? urlAlgorithm
        : req.string("hash_algorithm", req.string("algorithm", "sha2-256"));
    String hash = TransitSigner.HASHES.get(hashName);
    if (hash == null) {
      throw DevException.badRequest("invalid hash algorithm \"" + hashName + "\"");
    }
    String marshaling = req.string("marshaling_algorithm", "asn1");
    if (!marshaling.equals("asn1") && !marshaling.equals("jws")) {
      throw DevException.badRequest("invalid marshaling type \"" + marshaling + "\"");
    }
    String scheme = req.string("signature_algorithm", "pss");
    if (!scheme.equals("pss") && !scheme.equals("pkcs1v15")) {
      throw DevException.internal("unsupported rsa signature algorithm " + scheme);
    }
    return new TransitSigner.Options(hash, req.bool("prehashed", false), marshaling.equals("jws"), scheme,
        req.string("salt_length", "auto"));
  }

  private static byte[] input(DevRequest req) {
    try {
      return TransitCrypto.base64(req.string("input", ""));
    } catch (IllegalArgumentException e) {
      throw DevException.badRequest("unable to decode input as base64: " + e.getMessage());
    }
  }
}
