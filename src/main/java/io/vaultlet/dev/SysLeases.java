package io.vaultlet.dev;

import java.util.List;

/** {@code sys/leases/*} and the legacy {@code sys/renew}, {@code sys/revoke*} (contract §7.2–7.4). */
final class SysLeases {

  private SysLeases() {}

  static DevResponse handle(Core core, DevRequest req, String op) {
    if (op.equals("lookup/") || (op.startsWith("lookup/") && req.operation() == Operation.LIST)) {
      requireSudo(core, req);
      String prefix = op.substring("lookup/".length());
      List<String> keys = KvBackend.childKeys(new java.util.TreeSet<>(core.leases.withPrefix(prefix)), prefix);
      return DevResponse.keys(keys);
    }
    if (!req.operation().isWrite()) {
      throw DevException.unsupportedOperation();
    }
    String verb = op.contains("/") ? op.substring(0, op.indexOf('/')) : op;
    String fromPath = op.contains("/") ? op.substring(op.indexOf('/') + 1) : "";
    String leaseId = req.has("lease_id") ? req.string("lease_id") : fromPath.isEmpty() ? null : fromPath;
    switch (verb) {
      case "renew":
        return core.renewLease(leaseId, req.duration("increment"), req.now())
            .withWarning(req.unrecognizedFieldsWarning(java.util.Set.of("lease_id", "increment", "url_lease_id")));
      case "revoke": {
        requireLeaseId(leaseId);
        boolean sync = req.bool("sync", true);
        if (!sync) {
          core.lazyRevoker.submit(leaseId);
          return DevResponse.raw(202, "application/json", new byte[0]).withStatus(202);
        }
        core.leases.revoke(leaseId);
        return DevResponse.noContent();
      }
      case "lookup": {
        requireLeaseId(leaseId);
        LeaseEntry e = core.leases.get(leaseId);
        if (e == null) {
          throw DevException.badRequest("invalid lease");
        }
        return DevResponse.of(SysBackend.leaseInfo(e, req.now()));
      }
      case "revoke-prefix":
        requireSudo(core, req);
        core.leases.revokeQuietly(core.leases.withPrefix(fromPath));
        return DevResponse.noContent();
      case "revoke-force":
        requireSudo(core, req);
        core.leases.withPrefix(fromPath).forEach(core.leases::forget);
        return DevResponse.noContent();
      default:
        throw DevException.unsupportedPath();
    }
  }

  private static void requireLeaseId(String leaseId) {
    if (leaseId == null || leaseId.isBlank()) {
      throw DevException.badRequest("lease_id must be specified");
    }
  }

  private static void requireSudo(Core core, DevRequest req) {
    if (!core.policies.acl(req.token().policies()).capabilities(req.fullPath()).contains("sudo")) {
      throw DevException.permissionDenied();
    }
  }
}
