package io.vaultlet.dev.cloud;

import io.vaultlet.support.Redactor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link GcpCloud} over HTTP, under {@code /_gcp/} on the emulator's listener (administration: {@link GcpDevControl}):
 *
 * <ul>
 *   <li>{@code metadata/<instance>/computeMetadata/v1/…}: the instance's metadata server ({@link GcpMetadataServer});
 *       {@code GCE_METADATA_HOST=<host:port>/_gcp/metadata/<instance>} points a client at it.
 *   <li>{@code oauth2/token}: the OAuth2 token endpoint (the {@code token_uri} of the key files it hands out).
 *   <li>{@code iamcredentials/v1/projects/-/serviceAccounts/<sa>:signJwt}: the IAM Service Account Credentials API.
 *   <li>{@code googleapis/oauth2/v1/certs}, {@code googleapis/oauth2/v3/certs},
 *       {@code googleapis/service_accounts/v1/metadata/x509/<sa>}, {@code googleapis/service_accounts/v1/jwk/<sa>}:
 *       the public keys, as {@code https://www.googleapis.com} publishes them.
 * </ul>
 */
public final class GcpEndpoints extends StandIn {

  /** Where the stand-in is served. */
  public static final String PREFIX = "/_gcp/";

  private final GcpCloud cloud;
  private final GcpMetadataServer metadata;
  private final GcpTokenService tokens;

  public GcpEndpoints(GcpCloud cloud) {
    super(PREFIX);
    this.cloud = cloud;
    this.metadata = new GcpMetadataServer(cloud);
    this.tokens = new GcpTokenService(cloud);
  }

  @Override
  Reply answer(Call call) {
    String path = call.path();
    if (path.startsWith("metadata/")) {
      return metadata.answer(call, path.substring("metadata/".length()));
    }
    if (path.equals("oauth2/token")) {
      return tokens.token(call);
    }
    if (path.startsWith("iamcredentials/v1/")) {
      return tokens.signJwt(call, decodePath(path.substring("iamcredentials/v1/".length())));
    }
    if (path.startsWith("googleapis/")) {
      return publicKeys(decodePath(path.substring("googleapis/".length())));
    }
    return Reply.text(404, "Not Found\n");
  }

  private Reply publicKeys(String path) {
    switch (path) {
      case "oauth2/v1/certs": {
        SigningKey k = cloud.googleKey();
        return Reply.json(200, Map.of(k.kid(), k.certificatePem()));
      }
      case "oauth2/v3/certs":
        return Reply.json(200, Map.of("keys", List.of(cloud.googleKey().jwk(false))));
      default:
        break;
    }
    boolean x509 = path.startsWith("service_accounts/v1/metadata/x509/");
    boolean jwk = path.startsWith("service_accounts/v1/jwk/");
    if (!x509 && !jwk) {
      return Reply.text(404, "Not Found\n");
    }
    String sa = path.substring(path.lastIndexOf('/') + 1);
    Optional<GcpCloud.ServiceAccount> account = cloud.serviceAccount(sa);
    if (account.isEmpty()) {
      return GoogleErrors.of(404, "NOT_FOUND", "Not found: " + sa);
    }
    List<SigningKey> keys = cloud.serviceAccountKeys(account.get().email());
    if (x509) {
      Map<String, Object> out = new LinkedHashMap<>();
      keys.forEach(k -> out.put(k.kid(), k.certificatePem()));
      return Reply.json(200, out);
    }
    List<Object> jwks = new ArrayList<>();
    keys.forEach(k -> jwks.add(k.jwk(false)));
    return Reply.json(200, Map.of("keys", jwks));
  }

  static String str(Object o) {
    return o == null ? "" : o.toString().trim();
  }

  static Boolean bool(Object o) {
    return o == null ? null : Boolean.valueOf(o.toString());
  }

  static List<String> strings(Object o) {
    List<String> out = new ArrayList<>();
    if (o instanceof List<?> l) {
      l.forEach(v -> out.add(String.valueOf(v).trim()));
    } else if (o != null && !o.toString().isBlank()) {
      for (String s : o.toString().split(",")) {
        out.add(s.trim());
      }
    }
    out.removeIf(String::isEmpty);
    return out;
  }

  /** PEM blocks given as one string or a list (not split at commas: PEM has none, but keep them whole). */
  static List<String> pems(Object o) {
    List<String> out = new ArrayList<>();
    if (o instanceof List<?> l) {
      l.forEach(v -> out.add(String.valueOf(v)));
    } else if (o != null && !o.toString().isBlank()) {
      out.add(o.toString());
    }
    return out;
  }

  /** Google's JSON error body: {@code {"error": {"code", "message", "status"}}}. */
  static final class GoogleErrors {
    private GoogleErrors() {}

    static Reply of(int code, String status, String message) {
      Map<String, Object> err = new LinkedHashMap<>();
      err.put("code", code);
      err.put("message", message);
      err.put("status", status);
      return Reply.json(code, Map.of("error", err));
    }
  }

  /** Registers a value the stand-in hands out as a secret. */
  static String secret(String value) {
    Redactor.register(value);
    return value;
  }

  static Set<String> scopes(String spaceSeparated) {
    Set<String> out = new java.util.LinkedHashSet<>();
    for (String s : spaceSeparated.split("[ ,]+")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }
}
