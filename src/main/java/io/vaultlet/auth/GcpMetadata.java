package io.vaultlet.auth;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * The GCE metadata server, at {@code GCE_METADATA_HOST} when set (the variable Google's SDKs honour; a host, host:port
 * or host:port/path prefix) or else {@code 169.254.169.254}; every request carries {@code Metadata-Flavor: Google}.
 */
final class GcpMetadata {

  static final String ENV = "GCE_METADATA_HOST";
  static final String DEFAULT_HOST = "169.254.169.254";

  private final String host;
  private final boolean configured;

  GcpMetadata(Map<String, String> env) {
    String h = env.getOrDefault(ENV, "").trim();
    this.configured = !h.isEmpty();
    this.host = configured ? h : DEFAULT_HOST;
  }

  /** Whether {@code GCE_METADATA_HOST} names the server (Google's SDKs then take the process to be on GCE). */
  boolean configured() {
    return configured;
  }

  /** {@code http://<host>/computeMetadata/v1/<path>}. */
  URI uri(String pathAndQuery) {
    return URI.create("http://" + host + "/computeMetadata/v1/" + pathAndQuery);
  }

  /** The body of a 200 answer; anything else is an {@link IOException} naming the status. */
  String get(String pathAndQuery) throws IOException {
    CloudHttp.Response r = CloudHttp.get(uri(pathAndQuery), Map.of("Metadata-Flavor", "Google"));
    if (!r.ok()) {
      throw new IOException("metadata server answered " + r.status() + " for " + pathAndQuery.split("\\?")[0]
          + (r.body().isBlank() ? "" : ": " + r.excerpt()));
    }
    return r.body();
  }

  @Override
  public String toString() {
    return "http://" + host;
  }
}
