package io.vaultlet.dev;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** {@code sys/policies/acl}, the legacy {@code sys/policy}, and {@code sys/capabilities*}. */
final class SysPolicies {

  private SysPolicies() {}

  static DevResponse acl(Core core, DevRequest req, String rest) {
    if (rest.isEmpty() || rest.equals("/")) {
      if (req.operation() != Operation.LIST) {
        throw DevException.unsupportedOperation();
      }
      return DevResponse.keys(core.policies.names());
    }
    return policy(core, req, rest.substring(1), "policy", req.string("policy"));
  }

  static DevResponse legacy(Core core, DevRequest req, String name) {
    if (name.isEmpty()) {
      if (req.operation() != Operation.READ && req.operation() != Operation.LIST) {
        throw DevException.unsupportedOperation();
      }
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("keys", core.policies.names());
      d.put("policies", core.policies.names());
      return DevResponse.of(d);
    }
    return policy(core, req, name, "rules", req.has("policy") ? req.string("policy") : req.string("rules"));
  }

  /** Read, write and delete of one named policy; reads show its text under {@code textKey}. */
  private static DevResponse policy(Core core, DevRequest req, String rawName, String textKey, String written) {
    String name = PolicyStore.sanitize(rawName);
    switch (req.operation()) {
      case READ: {
        Policy p = core.policies.get(name);
        if (p == null) {
          return null;
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", name);
        d.put(textKey, p.text());
        return DevResponse.of(d);
      }
      case CREATE:
      case UPDATE: {
        if (written == null || written.isBlank()) {
          throw DevException.badRequest("'policy' parameter not supplied or empty");
        }
        core.policies.put(name, written);
        DevResponse resp = DevResponse.noContent();
        if (!name.equals(rawName)) {
          resp.withWarning("policy name was converted to " + name);
        }
        return resp;
      }
      case DELETE:
        core.policies.delete(name);
        return DevResponse.noContent();
      default:
        throw DevException.unsupportedOperation();
    }
  }

  /** {@code capabilities-self}, {@code capabilities} (token in body), {@code capabilities-accessor}. */
  static DevResponse capabilities(Core core, DevRequest req, String which) {
    if (!req.operation().isWrite()) {
      throw DevException.unsupportedOperation();
    }
    TokenEntry t;
    if (which.equals("capabilities-self")) {
      t = core.liveToken(req.token().id());
    } else if (which.equals("capabilities")) {
      t = core.liveToken(req.string("token"));
    } else {
      t = core.tokens.byAccessor(req.string("accessor"), req.now());
    }
    List<String> paths = req.has("paths") ? req.strings("paths") : req.strings("path");
    if (paths.isEmpty()) {
      throw DevException.badRequest("missing paths");
    }
    Acl acl = t == null ? null : core.aclFor(t);
    Map<String, Object> d = new LinkedHashMap<>();
    Set<String> all = new TreeSet<>();
    for (String p : paths) {
      List<String> caps = new ArrayList<>(acl == null ? List.of("deny") : capabilityNames(acl, p));
      all.addAll(caps);
      d.put(p, caps);
    }
    d.put("capabilities", new ArrayList<>(all));
    return DevResponse.of(d);
  }

  private static List<String> capabilityNames(Acl acl, String path) {
    if (acl.isRoot()) {
      return List.of("root");
    }
    Set<String> caps = acl.capabilities(path.startsWith("/") ? path.substring(1) : path);
    if (caps.isEmpty()) {
      return List.of("deny");
    }
    return new ArrayList<>(new TreeSet<>(caps));
  }
}
