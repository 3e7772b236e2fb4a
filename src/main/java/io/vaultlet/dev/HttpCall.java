package io.vaultlet.dev;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/**
 * One {@code /v1/…} request, decoupled from the HTTP server.
 *
 * @param path the path after {@code /v1/}, URL-decoded, without the query
 * @param query query parameters
 * @param headers header names in lower case
 * @param tls whether the request came over the HTTPS listener
 */
record HttpCall(
    String method,
    String path,
    Map<String, List<String>> query,
    Map<String, List<String>> headers,
    byte[] body,
    List<X509Certificate> clientCertificates,
    String remoteAddress,
    boolean tls) {

  String header(String name) {
    List<String> v = headers.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  String queryParam(String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** The client token: {@code X-Vault-Token}, else {@code Authorization: Bearer}. */
  String token() {
    String t = header("x-vault-token");
    if (t != null && !t.isEmpty()) {
      return t.trim();
    }
    String auth = header("authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return auth.substring(7).trim();
    }
    return null;
  }
}
