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
 * {@code roles/<name>}, {@code issue/<role>}, {@code sign/<role>}, {@code ca}, {@code ca/pem}, {@code ca_chain},
 * {@code cert/<serial|ca|ca_chain>}, {@code certs/}. A role with {@code generate_lease} gets a non-renewable lease
 * lasting until the certificate's NotAfter; revoking it marks the certificate revoked.
 */
final class PkiBackend implements Backend {

  private final PkiEngine engine;

  PkiBackend(MountContext mount) {
    this.engine = new PkiEngine(mount.clock());
    engine.tune(mount.defaultLeaseTtl(), mount.maxLeaseTtl());
  }

  public static PkiBackend create(MountContext mount) {
    return new PkiBackend(mount);
  }

  @Override
  public List<String> unauthenticatedPaths() {
    return List.of("cert/*", "ca/pem", "ca", "ca_chain");
  }

  @Override
  public DevResponse handle(DevRequest req) {
    String path = req.path();
    try {
      if (path.equals("root/generate/internal") || path.equals("root/generate/exported")) {
        Routes.writesOnly(req);
        return answer(engine.generateRoot(path.endsWith("exported"), req.data()));
      }
      if (path.equals("ca/pem") || path.equals("ca_chain")) {
        Routes.only(req, Operation.READ);
        String pem = engine.caPem();
        return DevResponse.raw(200, path.equals("ca/pem") ? "application/pem-certificate-chain" : "application/pkix-cert",
            pem == null ? new byte[0] : (pem + "\n").getBytes(StandardCharsets.US_ASCII));
      }
      if (path.equals("ca")) {
        Routes.only(req, Operation.READ);
        byte[] der = engine.caDer();
        return DevResponse.raw(200, "application/pkix-cert", der == null ? new byte[0] : der);
      }
      if (path.equals("certs/") && req.operation() == Operation.LIST) {
        return DevResponse.keys(engine.listCerts());
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
        return issued(engine.issue(path.substring("issue/".length()), req.data()));
      }
      if (path.startsWith("sign/")) {
        Routes.writesOnly(req);
        return issued(engine.sign(path.substring("sign/".length()), req.data()));
      }
      throw DevException.unsupportedPath();
    } catch (IllegalArgumentException e) {
      throw DevException.badRequest(e.getMessage());
    } catch (AuthException e) {
      throw DevException.of(e.status(), e.getMessage());
    }
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

  private DevResponse issued(PkiEngine.Issued issued) {
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
