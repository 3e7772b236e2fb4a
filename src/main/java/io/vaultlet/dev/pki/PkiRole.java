package io.vaultlet.dev.pki;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code pki/roles/<name>}: which names a certificate may carry, for how long, and with which key. */
record PkiRole(
    String name,
    List<String> allowedDomains,
    boolean allowSubdomains,
    boolean allowBareDomains,
    boolean allowGlobDomains,
    boolean allowAnyName,
    boolean allowLocalhost,
    boolean allowIpSans,
    boolean enforceHostnames,
    boolean requireCn,
    boolean useCsrCommonName,
    boolean useCsrSans,
    boolean serverFlag,
    boolean clientFlag,
    boolean generateLease,
    boolean noStore,
    Duration ttl,
    Duration maxTtl,
    String keyType,
    int keyBits,
    String issuerRef) {

  PkiRole {
    allowedDomains = List.copyOf(allowedDomains);
  }

  Map<String, Object> toResponse() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("allow_any_name", allowAnyName);
    out.put("allow_bare_domains", allowBareDomains);
    out.put("allow_glob_domains", allowGlobDomains);
    out.put("allow_ip_sans", allowIpSans);
    out.put("allow_localhost", allowLocalhost);
    out.put("allow_subdomains", allowSubdomains);
    out.put("allowed_domains", allowedDomains);
    out.put("client_flag", clientFlag);
    out.put("enforce_hostnames", enforceHostnames);
    out.put("generate_lease", generateLease);
    out.put("issuer_ref", issuerRef);
    out.put("key_bits", keyBits);
    out.put("key_type", keyType);
    out.put("max_ttl", maxTtl.toSeconds());
    out.put("no_store", noStore);
    out.put("require_cn", requireCn);
    out.put("server_flag", serverFlag);
    out.put("ttl", ttl.toSeconds());
    out.put("use_csr_common_name", useCsrCommonName);
    out.put("use_csr_sans", useCsrSans);
    return out;
  }
}
