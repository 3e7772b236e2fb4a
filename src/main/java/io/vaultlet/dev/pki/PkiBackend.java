package io.vaultlet.dev.pki;

import io.vaultlet.dev.Backend;
import io.vaultlet.dev.DevException;
import io.vaultlet.dev.DevRequest;
import io.vaultlet.dev.DevResponse;
import io.vaultlet.dev.LeaseSpec;
import io.vaultlet.dev.MountContext;
import io.vaultlet.dev.Operation;
import io.vaultlet.dev.Routes;
import io.vaultlet.dev.auth.AuthException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The {@code pki} secrets engine as the emulator mounts it. Paths: {@code root/generate/(internal|exported)},
 * {@code root/sign-intermediate}, {@code intermediate/generate/(internal|exported)}, {@code intermediate/set-signed},
 * {@code roles/<name>}, {@code issue/<role>}, {@code sign/<role>}, {@code revoke}, {@code crl}, {@code crl/pem},
 * {@code crl/rotate}, {@code config/urls}, {@code config/issuers}, LIST {@code issuers}, {@code issuer/<ref>/…},
 * {@code ca}, {@code ca/pem}, {@code ca_chain}, {@code cert/<serial|ca|ca_chain|crl>}, {@code certs/},
 * {@code certs/revoked/}. A role with {@code generate_lease} gets a non-renewable lease lasting until the
 * certificate's NotAfter; revoking it revokes the certificate.
 */
final class PkiBackend implements Backend {

  private final PkiEngine engine;
  private final PkiRevocation revocation;
  private final PkiIntermediates intermediates;
  private final PkiIssuerPaths issuerPaths;

  PkiBackend(MountContext mount) {
    this.engine = new PkiEngine(mount.clock());
    engine.tune(mount.defaultLeaseTtl(), mount.maxLeaseTtl());
    this.revocation = new PkiRevocation(engine);
    this.intermediates = new PkiIntermediates(engine);
    this.issuerPaths = new PkiIssuerPaths(engine, revocation, intermediates);
  }

  public static PkiBackend create(MountContext mount) {
    return new PkiBackend(mount);
  }

  @Override
  public List<String> unauthenticatedPaths() {
    return List.of("cert/*", "ca/pem", "ca", "ca_chain", "crl", "crl/pem", "issuer/+/crl/der", "issuer/+/crl/pem",
        "issuer/+/crl", "issuer/+/pem", "issuer/+/der", "issuer/+/json", "issuers/");
  }

  @Override
  public DevResponse handle(DevRequest req) {
    String path = req.path();
    try {
      return route(req, path);
    } catch (IllegalArgumentException e) {
      throw DevException.badRequest(e.getMessage());
    } catch (AuthException e) {
      throw DevException.of(e.status(), e.getMessage());
    }
  }

  private DevResponse route(DevRequest req, String path) {
    switch (path) {
      case "root/generate/internal":
      case "root/generate/exported":
        Routes.writesOnly(req);
        return answer(engine.generateRoot(path.endsWith("exported"), req.data()));
      case "intermediate/generate/internal":
      case "intermediate/generate/exported":
        Routes.writesOnly(req);
        return intermediates.generate(path.endsWith("exported"), req.data());
      case "intermediate/set-signed":
      case "issuers/import/cert":
        Routes.writesOnly(req);
        return intermediates.setSigned(req.data());
      case "root/sign-intermediate":
        Routes.writesOnly(req);
        return intermediates.signIntermediate(req.data(), "default");
      case "revoke":
        Routes.writesOnly(req);
        return revocation.revoke(req.data());
      case "crl/rotate":
        Routes.only(req, Operation.READ);
        return revocation.rotate();
      case "crl":
      case "crl/pem":
      case "cert/crl":
        Routes.only(req, Operation.READ);
        return revocation.defaultCrl(path);
      case "config/urls":
        return req.operation().isWrite() ? DevResponse.of(engine.urls.write(req.data()))
            : readOnly(req, engine.urls.read());
      case "config/issuers":
        return issuerPaths.config(req);
      case "issuers/":
        return issuerPaths.list(req);
      case "certs/revoked/":
        Routes.only(req, Operation.LIST);
        return DevResponse.keys(revocation.revokedSerials());
      case "ca/pem":
      case "ca_chain": {
        Routes.only(req, Operation.READ);
        String pem = path.equals("ca/pem") ? engine.caPem() : engine.caChainPem();
        return DevResponse.raw(200, path.equals("ca/pem") ? "application/pem-certificate-chain" : "application/pkix-cert",
            pem == null ? new byte[0] : (pem + "\n").getBytes(StandardCharsets.US_ASCII));
      }
      case "ca": {
        Routes.only(req, Operation.READ);
        byte[] der = engine.caDer();
        return DevResponse.raw(200, "application/pkix-cert", der == null ? new byte[0] : der);
      }
      case "certs/":
        Routes.only(req, Operation.LIST);
        return DevResponse.keys(engine.listCerts());
      default:
        return prefixed(req, path);
    }
  }

  private DevResponse prefixed(DevRequest req, String path) {
    if (path.startsWith("issuer/")) {
      return issuerPaths.issuer(req, path.substring("issuer/".length()));
    }
    if (path.startsWith("cert/")) {
      Routes.only(req, Operation.READ);
      Map<String, Object> cert = engine.fetchCert(path.substring("cert/".length()));
      return cert == null ? null : DevResponse.of(cert);
    }
    if (path.startsWith("roles/")) {
      return roles(req, path.substring("roles/".length()));
    }
    if (path.startsWith("issue/")) {
      Routes.writesOnly(req);
      return issued(engine, engine.issue(path.substring("issue/".length()), req.data()));
    }
    if (path.startsWith("sign/")) {
      Routes.writesOnly(req);
      return issued(engine, engine.sign(path.substring("sign/".length()), req.data()));
    }
    throw DevException.unsupportedPath();
  }

  private static DevResponse readOnly(DevRequest req, Map<String, Object> data) {
    Routes.only(req, Operation.READ);
    return DevResponse.of(data);
  }

  private DevResponse roles(DevRequest req, String name) {
    if (req.operation() == Operation.LIST) {
      return DevResponse.keys(engine.listRoles());
    }
    if (name.isEmpty()) {
      throw DevException.unsupportedPath();
    }
    return Routes.entry(req, name, engine::readRole, (n, r) -> engine.writeRole(n, r.data()), engine::deleteRole);
  }

  /** An issue/sign answer, with the lease Vault attaches for {@code generate_lease} roles. */
  static DevResponse issued(PkiEngine engine, PkiEngine.Issued issued) {
    DevResponse resp = answer(issued);
    if (issued.lease()) {
      String serial = issued.serialNumber();
      resp.withLease(LeaseSpec.of(issued.leaseTtl(), issued.leaseTtl()).renewable(false)
          .internal("serial_number", serial)
          .onRevoke(lease -> engine.revoke(serial)));
    }
    return resp;
  }

  private static DevResponse answer(PkiEngine.Issued issued) {
    DevResponse resp = DevResponse.of(issued.data());
    issued.warnings().forEach(resp::withWarning);
    return resp;
  }
}
