package io.vaultlet.dev.cloud;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Administration of the emulator's Google Cloud, under {@code /_dev/gcp/} (no token, as every {@code /_dev} control):
 *
 * <ul>
 *   <li>{@code POST service-accounts} {@code {"email": …}} (or {@code name} and {@code project}), {@code
 *       token_creators}, {@code key} (default true): creates or updates a service account; a new user-managed key is
 *       answered as {@code key_file}, a JSON key file whose {@code token_uri} is the stand-in's. {@code GET} lists;
 *       {@code DELETE service-accounts/<email>} deletes one.
 *   <li>{@code POST instances} {@code {"name", "service_account", "project", "zone", "scopes", "labels",
 *       "instance_groups", "status"}}: creates or replaces a GCE instance; answered with {@code metadata_host}, the
 *       value for {@code GCE_METADATA_HOST}. {@code GET} lists.
 * </ul>
 */
public final class GcpDevControl extends StandIn {

  /** Where the administration is served. */
  public static final String PATH = "/_dev/gcp/";

  private final GcpCloud cloud;

  public GcpDevControl(GcpCloud cloud) {
    super(PATH);
    this.cloud = cloud;
  }

  @Override
  Reply answer(Call call) {
    String path = call.path();
    try {
      if (path.equals("service-accounts")) {
        if (call.method().equals("GET")) {
          return Reply.json(200, Map.of("service_accounts", cloud.describeServiceAccounts()));
        }
        Map<String, Object> body = requireJson(call);
        String email = serviceAccountEmail(body);
        return Reply.json(200, cloud.putServiceAccount(email, GcpEndpoints.strings(body.get("token_creators")),
            !Boolean.FALSE.equals(GcpEndpoints.bool(body.get("key"))), call.base()));
      }
      if (path.startsWith("service-accounts/") && call.method().equals("DELETE")) {
        String sa = decodePath(path.substring("service-accounts/".length()));
        return cloud.deleteServiceAccount(sa) ? new Reply(204, "application/json", new byte[0], Map.of())
            : Reply.json(404, Map.of("errors", List.of()));
      }
      if (path.equals("instances")) {
        if (call.method().equals("GET")) {
          List<Object> out = new ArrayList<>();
          cloud.instances().forEach(i -> out.add(describe(i, call.base())));
          return Reply.json(200, Map.of("instances", out));
        }
        return Reply.json(200, describe(putInstance(requireJson(call)), call.base()));
      }
    } catch (IllegalArgumentException e) {
      return Reply.json(400, Map.of("errors", List.of(String.valueOf(e.getMessage()))));
    }
    return Reply.json(404, Map.of("errors", List.of()));
  }

  private GcpCloud.Instance putInstance(Map<String, Object> body) {
    String name = GcpEndpoints.str(body.get("name"));
    if (name.isEmpty() || name.contains("/")) {
      throw new IllegalArgumentException("name is required (an instance name, no slash)");
    }
    String sa = GcpEndpoints.str(body.get("service_account"));
    GcpCloud.ServiceAccount account = cloud.serviceAccount(sa).orElseThrow(() ->
        new IllegalArgumentException("service_account must name an existing service account, got \"" + sa + "\""));
    String project = GcpEndpoints.str(body.get("project")).isEmpty() ? account.projectId() : GcpEndpoints.str(body.get("project"));
    String zone = GcpEndpoints.str(body.get("zone")).isEmpty() ? "us-central1-a" : GcpEndpoints.str(body.get("zone"));
    List<String> scopes = GcpEndpoints.strings(body.get("scopes"));
    Map<String, String> labels = new LinkedHashMap<>();
    if (body.get("labels") instanceof Map<?, ?> m) {
      m.forEach((k, v) -> labels.put(String.valueOf(k), String.valueOf(v)));
    }
    String status = GcpEndpoints.str(body.get("status")).isEmpty() ? "RUNNING" : GcpEndpoints.str(body.get("status"));
    return cloud.putInstance(name, project, zone, account.email(),
        scopes.isEmpty() ? List.of(GcpCloud.CLOUD_PLATFORM) : scopes, labels, GcpEndpoints.strings(body.get("instance_groups")),
        status);
  }

  private static Map<String, Object> describe(GcpCloud.Instance i, String base) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", i.name());
    out.put("id", i.id());
    out.put("project_id", i.projectId());
    out.put("project_number", i.projectNumber());
    out.put("zone", i.zone());
    out.put("service_account", i.serviceAccount());
    out.put("scopes", i.scopes());
    out.put("labels", i.labels());
    out.put("instance_groups", i.instanceGroups());
    out.put("status", i.status());
    out.put("creation_timestamp", i.createdAt().getEpochSecond());
    String host = base.substring(base.indexOf("://") + 3);
    out.put("metadata_host", host + GcpEndpoints.PREFIX + "metadata/" + i.name());
    return out;
  }

  private static String serviceAccountEmail(Map<String, Object> body) {
    String email = GcpEndpoints.str(body.get("email"));
    if (!email.isEmpty()) {
      GcpCloud.projectOf(email);
      return email;
    }
    String name = GcpEndpoints.str(body.get("name"));
    String project = GcpEndpoints.str(body.get("project"));
    if (name.isEmpty() || project.isEmpty()) {
      throw new IllegalArgumentException("email, or name and project, are required");
    }
    return name + "@" + project + ".iam.gserviceaccount.com";
  }

  private static Map<String, Object> requireJson(Call call) {
    Map<String, Object> body = call.json();
    if (body == null) {
      throw new IllegalArgumentException("error parsing JSON");
    }
    return body;
  }

}
