package io.vaultlet.dev.cloud;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One instance's metadata server: {@code computeMetadata/v1/} with the instance's attached service account, which it
 * hands out as OAuth2 access tokens ({@code …/token}) and as instance identity tokens signed with Google's OAuth2 key
 * ({@code …/identity?audience=…&format=full}). Every request must carry {@code Metadata-Flavor: Google}; every answer
 * carries it too (clients check it to know they are on GCE).
 */
final class GcpMetadataServer {

  private final GcpCloud cloud;

  GcpMetadataServer(GcpCloud cloud) {
    this.cloud = cloud;
  }

  /** {@code rest} is {@code <instance>/computeMetadata/v1/<path>}. */
  StandIn.Reply answer(StandIn.Call call, String rest) {
    StandIn.Reply reply = route(call, rest);
    return reply.with("Metadata-Flavor", "Google").with("Server", "Metadata Server for VM");
  }

  private StandIn.Reply route(StandIn.Call call, String rest) {
    int slash = rest.indexOf('/');
    String name = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash + 1);
    Optional<GcpCloud.Instance> found = cloud.instance(name);
    if (found.isEmpty()) {
      return StandIn.Reply.text(404, "vaultlet dev: no GCE instance \"" + name + "\" (create it with POST "
          + GcpEndpoints.PREFIX + "_dev/instances)\n");
    }
    if (!"Google".equals(call.header("Metadata-Flavor"))) {
      return StandIn.Reply.text(403, "Missing required header \"Metadata-Flavor\": \"Google\"\n");
    }
    if (!call.method().equals("GET")) {
      return StandIn.Reply.text(405, "Method Not Allowed\n");
    }
    if (path.isEmpty() || path.equals("computeMetadata/") || path.equals("computeMetadata/v1")) {
      return text("v1/\n");
    }
    if (!path.startsWith("computeMetadata/v1/")) {
      return StandIn.Reply.text(404, "Not Found\n");
    }
    return value(call, found.get(), StandIn.decodePath(path.substring("computeMetadata/v1/".length())));
  }

  private StandIn.Reply value(StandIn.Call call, GcpCloud.Instance i, String path) {
    switch (path) {
      case "instance/id": return text(i.id());
      case "instance/name": return text(i.name());
      case "instance/hostname": return text(i.name() + "." + i.zone() + ".c." + i.projectId() + ".internal");
      case "instance/zone": return text("projects/" + i.projectNumber() + "/zones/" + i.zone());
      case "project/project-id": return text(i.projectId());
      case "project/numeric-project-id": return text(String.valueOf(i.projectNumber()));
      case "instance/service-accounts/", "instance/service-accounts":
        return text("default/\n" + i.serviceAccount() + "/\n");
      default:
        break;
    }
    String prefix = "instance/service-accounts/";
    if (!path.startsWith(prefix)) {
      return StandIn.Reply.text(404, "Not Found\n");
    }
    String[] parts = path.substring(prefix.length()).split("/", 2);
    if (!parts[0].equals("default") && !parts[0].equals(i.serviceAccount())) {
      return StandIn.Reply.text(404, "Not Found\n");
    }
    Optional<GcpCloud.ServiceAccount> sa = cloud.serviceAccount(i.serviceAccount());
    if (sa.isEmpty()) {
      return StandIn.Reply.text(404, "Not Found\n");
    }
    String leaf = parts.length > 1 ? parts[1] : "";
    switch (leaf) {
      case "email": return text(sa.get().email());
      case "aliases": return text("default\n");
      case "scopes": return text(String.join("\n", i.scopes()) + "\n");
      case "token": return token(i, sa.get());
      case "identity": return identity(call, i, sa.get());
      default: return StandIn.Reply.text(404, "Not Found\n");
    }
  }

  private StandIn.Reply token(GcpCloud.Instance i, GcpCloud.ServiceAccount sa) {
    String token = cloud.issueAccessToken(sa.email(), Set.copyOf(i.scopes()));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("access_token", token);
    out.put("expires_in", GcpCloud.ACCESS_TOKEN_TTL.toSeconds() - 1);
    out.put("token_type", "Bearer");
    return StandIn.Reply.json(200, out);
  }

  /** The instance identity token: Google-signed, one hour, the Compute Engine claims with {@code format=full}. */
  private StandIn.Reply identity(StandIn.Call call, GcpCloud.Instance i, GcpCloud.ServiceAccount sa) {
    String audience = call.query().getOrDefault("audience", "");
    if (audience.isEmpty()) {
      return StandIn.Reply.text(400, "non-empty audience parameter required\n");
    }
    Instant now = cloud.now();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("aud", audience);
    claims.put("azp", sa.uniqueId());
    claims.put("email", sa.email());
    claims.put("email_verified", true);
    claims.put("exp", now.getEpochSecond() + 3600);
    if ("full".equals(call.query().get("format"))) {
      Map<String, Object> gce = new LinkedHashMap<>();
      gce.put("instance_creation_timestamp", i.createdAt().getEpochSecond());
      gce.put("instance_id", i.id());
      gce.put("instance_name", i.name());
      gce.put("project_id", i.projectId());
      gce.put("project_number", i.projectNumber());
      gce.put("zone", i.zone());
      claims.put("google", Map.of("compute_engine", gce));
    }
    claims.put("iat", now.getEpochSecond());
    claims.put("iss", "https://accounts.google.com");
    claims.put("sub", sa.uniqueId());
    SigningKey key = cloud.googleKey();
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("kid", key.kid());
    header.put("typ", "JWT");
    return text(GcpEndpoints.secret(Jws.signRs256(header, claims, key.privateKey())));
  }

  private static StandIn.Reply text(String value) {
    return new StandIn.Reply(200, "application/text", value.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        Map.of());
  }
}
