package io.vaultlet.dev.pki;

import io.vaultlet.dev.DevException;
import io.vaultlet.dev.DevRequest;
import io.vaultlet.dev.DevResponse;
import io.vaultlet.dev.Fields;
import io.vaultlet.dev.Operation;
import io.vaultlet.dev.Routes;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The multi-issuer API of Vault ≥ 1.11: LIST {@code issuers}, {@code issuer/<ref>} (read, update, delete),
 * {@code issuer/<ref>/json|pem|der}, {@code issuer/<ref>/crl[/pem|/der]}, {@code issuer/<ref>/issue|sign/<role>},
 * {@code issuer/<ref>/sign-intermediate} and {@code config/issuers}, as OpenBao's {@code path_fetch_issuers.go}.
 */
final class PkiIssuerPaths {

  private final PkiEngine engine;
  private final PkiRevocation revocation;
  private final PkiIntermediates intermediates;

  PkiIssuerPaths(PkiEngine engine, PkiRevocation revocation, PkiIntermediates intermediates) {
    this.engine = engine;
    this.revocation = revocation;
    this.intermediates = intermediates;
  }

  /** LIST {@code issuers}: ids, with name, default flag, serial and key id in {@code key_info}. */
  DevResponse list(DevRequest req) {
    Routes.only(req, Operation.LIST);
    List<String> keys = new ArrayList<>();
    Map<String, Object> info = new TreeMap<>();
    String defaultId = engine.issuers.defaultId();
    for (PkiIssuers.Issuer i : engine.issuers.all()) {
      keys.add(i.id);
      Map<String, Object> entry = new TreeMap<>();
      entry.put("is_default", i.id.equals(defaultId));
      entry.put("issuer_name", i.name);
      entry.put("key_id", i.keyId);
      entry.put("serial_number", i.serial);
      info.put(i.id, entry);
    }
    if (keys.isEmpty()) {
      return null;
    }
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("key_info", info);
    d.put("keys", keys);
    return DevResponse.of(d);
  }

  /** Everything under {@code issuer/<ref>}. */
  DevResponse issuer(DevRequest req, String rest) {
    String[] parts = rest.split("/", 2);
    String ref = parts[0];
    String sub = parts.length > 1 ? parts[1] : "";
    if (sub.startsWith("issue/")) {
      Routes.writesOnly(req);
      return PkiBackend.issued(engine, engine.issue(sub.substring("issue/".length()), req.data(), ref));
    }
    if (sub.startsWith("sign/")) {
      Routes.writesOnly(req);
      return PkiBackend.issued(engine, engine.sign(sub.substring("sign/".length()), req.data(), ref));
    }
    if (sub.equals("sign-intermediate")) {
      Routes.writesOnly(req);
      return intermediates.signIntermediate(req.data(), ref);
    }
    PkiIssuers.Issuer issuer = engine.issuers.resolve(ref);
    switch (sub) {
      case "":
        return entry(req, issuer);
      case "json":
      case "pem":
      case "der":
        Routes.only(req, Operation.READ);
        return raw(issuer, sub);
      case "crl":
      case "crl/pem":
      case "crl/der":
        Routes.only(req, Operation.READ);
        return revocation.issuerCrl(issuer, sub.equals("crl") ? "json" : sub.substring("crl/".length()));
      default:
        throw DevException.unsupportedPath();
    }
  }

  private DevResponse entry(DevRequest req, PkiIssuers.Issuer issuer) {
    switch (req.operation()) {
      case READ:
        return DevResponse.of(describe(issuer));
      case CREATE:
      case UPDATE:
        return update(req, issuer);
      case DELETE: {
        DevResponse resp = DevResponse.noContent();
        if (engine.issuers.delete(issuer)) {
          resp.withWarning("Deleted issuer " + issuer.id + " (via issuer_ref " + req.path().split("/")[1] + "); this "
              + "was configured as the default issuer. Operations without an explicit issuer will not work until a new "
              + "default is configured.");
        }
        return resp;
      }
      default:
        throw DevException.unsupportedOperation();
    }
  }

  /** {@code issuer/<ref>} write: name, {@code leaf_not_after_behavior}, {@code usage}. */
  private DevResponse update(DevRequest req, PkiIssuers.Issuer issuer) {
    String name = req.has("issuer_name") ? PkiRoots.issuerName(req.data()) : issuer.name;
    String behavior = req.string("leaf_not_after_behavior", issuer.leafNotAfterBehavior);
    if (!List.of("err", "truncate", "permit").contains(behavior)) {
      throw DevException.badRequest("Unknown value for field `leaf_not_after_behavior`. Possible values are `err`, "
          + "`truncate`, and `permit`.");
    }
    String usage = issuer.usage;
    if (req.has("usage")) {
      List<String> names = req.strings("usage");
      List<String> known = List.of("crl-signing", "issuing-certificates", "ocsp-signing", "read-only");
      for (String n : names) {
        if (!known.contains(n)) {
          throw DevException.badRequest("Unable to parse specified usages: " + req.string("usage") + " - valid values "
              + "are " + String.join(",", known));
        }
      }
      usage = String.join(",", names.stream().distinct().sorted().toList());
    }
    if (!name.isEmpty() && !name.equals(issuer.name)) {
      for (PkiIssuers.Issuer other : engine.issuers.all()) {
        if (other != issuer && name.equals(other.name)) {
          throw DevException.badRequest("another issuer is using the requested name: " + name);
        }
      }
    }
    issuer.name = name;
    issuer.leafNotAfterBehavior = behavior;
    issuer.usage = usage;
    return DevResponse.of(describe(issuer));
  }

  /** OpenBao's {@code respondReadIssuer}. */
  Map<String, Object> describe(PkiIssuers.Issuer issuer) {
    Map<String, Object> d = new TreeMap<>();
    d.put("ca_chain", engine.issuers.chain(issuer));
    d.put("certificate", issuer.pem);
    d.put("crl_distribution_points", List.of());
    d.put("delta_crl_distribution_points", List.of());
    d.put("issuer_id", issuer.id);
    d.put("issuer_name", issuer.name);
    d.put("issuing_certificates", List.of());
    d.put("key_id", issuer.keyId);
    d.put("leaf_not_after_behavior", issuer.leafNotAfterBehavior);
    d.put("manual_chain", null);
    d.put("ocsp_servers", List.of());
    d.put("revocation_signature_algorithm", "EC".equals(issuer.cert.getPublicKey().getAlgorithm())
        ? "ECDSAWithSHA256" : "SHA256WithRSA");
    d.put("revoked", false);
    d.put("usage", issuer.usage);
    return d;
  }

  /** {@code issuer/<ref>/json} (certificate, ca_chain, id, name), {@code /pem}, {@code /der}. */
  private DevResponse raw(PkiIssuers.Issuer issuer, String format) {
    switch (format) {
      case "pem":
        return DevResponse.raw(200, "application/pem-certificate-chain",
            (issuer.pem + "\n").getBytes(StandardCharsets.US_ASCII));
      case "der":
        try {
          return DevResponse.raw(200, "application/pkix-cert", issuer.cert.getEncoded());
        } catch (CertificateEncodingException e) {
          throw new IllegalStateException(e);
        }
      default:
        Map<String, Object> d = new TreeMap<>();
        d.put("ca_chain", engine.issuers.chain(issuer));
        d.put("certificate", issuer.pem);
        d.put("issuer_id", issuer.id);
        d.put("issuer_name", issuer.name);
        return DevResponse.of(d);
    }
  }

  /** {@code config/issuers}: read, or set {@code default} (a reference) and {@code default_follows_latest_issuer}. */
  DevResponse config(DevRequest req) {
    if (req.operation().isWrite()) {
      String ref = req.has("default") ? req.string("default") : null;
      if (ref != null && (ref.isEmpty() || ref.equals("default"))) {
        throw DevException.badRequest("Invalid issuer specification; must be non-empty and can't be 'default'.");
      }
      engine.issuers.configure(ref, req.has("default_follows_latest_issuer")
          ? Fields.bool(req.data(), "default_follows_latest_issuer", false) : null);
    } else {
      Routes.only(req, Operation.READ);
    }
    Map<String, Object> d = new TreeMap<>();
    d.put("default", engine.issuers.defaultId());
    d.put("default_follows_latest_issuer", engine.issuers.defaultFollowsLatest());
    return DevResponse.of(d);
  }
}
