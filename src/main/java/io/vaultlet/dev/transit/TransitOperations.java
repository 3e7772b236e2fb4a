package io.vaultlet.dev.transit;

import io.vaultlet.dev.DevException;
import io.vaultlet.dev.DevRequest;
import io.vaultlet.dev.DevResponse;
import io.vaultlet.dev.Operation;
import io.vaultlet.dev.Routes;
import io.vaultlet.support.Redactor;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * {@code encrypt/<key>}, {@code decrypt/<key>}, {@code rewrap/<key>} (single or {@code batch_input}), {@code
 * sign/<key>[/<hash>]}, {@code verify/<key>[/<hash>]}, {@code hmac/<key>[/<hash>]} and {@code random[/<bytes>]}, with
 * the texts of OpenBao's {@code path_*.go} and keysutil. A batch answers {@code batch_results}; when an item failed
 * the whole answer is a 400 carrying the results, as Vault's {@code batchRequestResponse}.
 */
final class TransitOperations {

  private final TransitBackend backend;

  TransitOperations(TransitBackend backend) {
    this.backend = backend;
  }

  DevResponse handle(DevRequest req) {
    String p = req.path();
    int slash = p.indexOf('/');
    String op = slash < 0 ? p : p.substring(0, slash);
    String rest = slash < 0 ? "" : p.substring(slash + 1);
    if (op.equals("random")) {
      return TransitHmac.random(req, rest);
    }
    if (rest.isEmpty()) {
      throw DevException.unsupportedPath();
    }
    String[] nameAndAlgo = rest.split("/", 2);
    String name = nameAndAlgo[0];
    String urlAlgorithm = nameAndAlgo.length > 1 ? nameAndAlgo[1] : "";
    switch (op) {
      case "encrypt":
        Routes.writesOnly(req);
        return batch(req, "plaintext", item -> encrypt(req, name, item), "missing plaintext to encrypt");
      case "decrypt":
        Routes.writesOnly(req);
        return batch(req, "ciphertext", item -> decrypt(name, item), "missing ciphertext to decrypt");
      case "rewrap":
        Routes.writesOnly(req);
        return batch(req, "ciphertext", item -> rewrap(name, item), "missing ciphertext to decrypt");
      case "sign":
        Routes.writesOnly(req);
        return TransitSignatures.sign(backend.key(name), req, urlAlgorithm);
      case "verify":
        Routes.writesOnly(req);
        return TransitSignatures.verify(backend.key(name), req, urlAlgorithm);
      case "hmac":
        Routes.writesOnly(req);
        return TransitHmac.hmac(backend.key(name), req, urlAlgorithm);
      default:
        throw DevException.unsupportedPath();
    }
  }

  /**
   * Runs one item per {@code batch_input} element (or one for the request itself). A single item's failure is the
   * request's error; a batch reports each item's {@code error} and answers 400 if any failed.
   */
  @SuppressWarnings("unchecked")
  private DevResponse batch(DevRequest req, String field, Function<Map<String, Object>, Map<String, Object>> op,
      String missing) {
    Object raw = req.data().get("batch_input");
    if (raw == null) {
      if (!req.has(field)) {
        throw DevException.badRequest(missing);
      }
      return DevResponse.of(op.apply(req.data()));
    }
    if (!(raw instanceof List<?> items) || items.isEmpty()) {
      throw DevException.badRequest("missing batch input to process");
    }
    List<Object> results = new ArrayList<>();
    boolean failed = false;
    for (Object o : items) {
      Map<String, Object> item = o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
      Map<String, Object> result;
      try {
        result = new TreeMap<>(op.apply(item));
      } catch (DevException e) {
        failed = true;
        result = new TreeMap<>();
        result.put("error", String.join("; ", e.errors()).replaceAll("^1 error occurred:\n\t\\* |\n\n$", ""));
      }
      result.put("reference", item.get("reference") == null ? "" : item.get("reference").toString());
      results.add(result);
    }
    Map<String, Object> d = new TreeMap<>();
    d.put("batch_results", results);
    return DevResponse.of(d).withStatus(failed ? 400 : 200);
  }

  private Map<String, Object> encrypt(DevRequest req, String name, Map<String, Object> item) {
    Redactor.register(string(item, "plaintext"));
    byte[] plaintext = decode(string(item, "plaintext"), null);
    byte[] context = context(item);
    TransitKey key = backend.key(name);
    if (key == null && req.operation() == Operation.CREATE) {
      key = backend.upsert(name, req.string("type", "aes256-gcm96"), context != null);
    }
    if (key == null) {
      throw DevException.badRequest("encryption key not found");
    }
    if (!key.type.encryption()) {
      throw DevException.badRequest("message encryption not supported for key type " + key.type.wire);
    }
    int version = key.encryptionVersion((int) io.vaultlet.dev.Fields.integer(item, "key_version", 0), "encryption");
    byte[] sealed = TransitCrypto.encrypt(key, key.version(version), context, plaintext);
    Map<String, Object> d = new TreeMap<>();
    d.put("ciphertext", "vault:v" + version + ":" + TransitCrypto.b64(sealed));
    d.put("key_version", version);
    return d;
  }

  private Map<String, Object> decrypt(String name, Map<String, Object> item) {
    TransitKey key = backend.key(name);
    if (key == null) {
      throw DevException.badRequest("encryption key not found");
    }
    byte[] plaintext = open(key, string(item, "ciphertext"), context(item));
    Map<String, Object> d = new TreeMap<>();
    String encoded = TransitCrypto.b64(plaintext);
    Redactor.register(encoded);
    d.put("plaintext", encoded);
    return d;
  }

  private Map<String, Object> rewrap(String name, Map<String, Object> item) {
    TransitKey key = backend.key(name);
    if (key == null) {
      throw DevException.badRequest("encryption key not found");
    }
    byte[] context = context(item);
    byte[] plaintext = open(key, string(item, "ciphertext"), context);
    int version = key.encryptionVersion((int) io.vaultlet.dev.Fields.integer(item, "key_version", 0), "encryption");
    Map<String, Object> d = new TreeMap<>();
    d.put("ciphertext", "vault:v" + version + ":" + TransitCrypto.b64(TransitCrypto.encrypt(key,
        key.version(version), context, plaintext)));
    d.put("key_version", version);
    return d;
  }

  /** keysutil's {@code DecryptWithFactory}: the {@code vault:v<N>:} prefix, the version rules, then the cipher. */
  private static byte[] open(TransitKey key, String value, byte[] context) {
    if (!key.type.encryption()) {
      throw DevException.badRequest("message decryption not supported for key type " + key.type.wire);
    }
    VersionedValue v = VersionedValue.parse(value, "ciphertext", key);
    byte[] raw;
    try {
      raw = TransitCrypto.base64(v.payload());
    } catch (IllegalArgumentException e) {
      throw DevException.badRequest("invalid ciphertext: could not decode base64");
    }
    return TransitCrypto.decrypt(key, key.version(v.version()), context, raw);
  }

  private static byte[] context(Map<String, Object> item) {
    String c = string(item, "context");
    return c.isEmpty() ? null : decode(c, "failed to base64-decode context");
  }

  static String string(Map<String, Object> item, String key) {
    Object v = item.get(key);
    return v == null ? "" : v.toString();
  }

  /** Go's base64 error text, or {@code message} when given. */
  static byte[] decode(String text, String message) {
    try {
      return TransitCrypto.base64(text);
    } catch (IllegalArgumentException e) {
      throw DevException.badRequest(message == null ? e.getMessage() : message);
    }
  }

  static String hex(byte[] data) {
    return HexFormat.of().formatHex(data);
  }
}
