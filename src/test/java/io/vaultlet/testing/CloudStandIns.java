package io.vaultlet.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The emulator's cloud stand-ins ({@code /_gcp/}, {@code /_azure/}) from a test: their administration
 * endpoints, and raw requests the way a cloud SDK would send them.
 */
public final class CloudStandIns {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A raw answer. */
  public record Response(int status, String body, Map<String, List<String>> headers) {

    public Map<String, Object> json() {
      try {
        return JSON.readValue(body, new TypeReference<LinkedHashMap<String, Object>>() {});
      } catch (IOException e) {
        throw new AssertionError("not a JSON object (" + status + "): " + body, e);
      }
    }

    public String header(String name) {
      List<String> v = headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(Map.Entry::getValue).findFirst().orElse(List.of());
      return v.isEmpty() ? null : v.get(0);
    }
  }

  private final String address;
  private final HttpClient http = HttpClient.newHttpClient();

  /** @param address the emulator's address, {@code http://127.0.0.1:<port>} */
  public CloudStandIns(String address) {
    this.address = address;
  }

  public String address() {
    return address;
  }

  /** {@code host:port} of the emulator plus the instance's metadata path: the value for {@code GCE_METADATA_HOST}. */
  public String gceMetadataHost(String instance) {
    return address.replaceFirst("^https?://", "") + "/_gcp/metadata/" + instance;
  }

  /** The base URL of the IAM Service Account Credentials stand-in. */
  public String iamCredentialsEndpoint() {
    return address + "/_gcp/iamcredentials";
  }

  /** {@code IMDS_ENDPOINT} for an Azure VM of the stand-in. */
  public String imdsEndpoint(String vm) {
    return address + "/_azure/imds/" + vm;
  }

  /** Creates (or updates) a service account; the answer holds {@code key_file} (a map) unless {@code key=false}. */
  public Map<String, Object> gcpServiceAccount(String email, List<String> tokenCreators) {
    return ok(post("/_dev/gcp/service-accounts", Map.of(), Map.of("email", email,
        "token_creators", tokenCreators)));
  }

  /** The key file of a service account as JSON text. */
  @SuppressWarnings("unchecked")
  public static String keyFileJson(Map<String, Object> serviceAccount) {
    try {
      return JSON.writeValueAsString((Map<String, Object>) serviceAccount.get("key_file"));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Creates (or replaces) a GCE instance: {@code name}, {@code service_account}, optional zone, labels, … */
  public Map<String, Object> gcpInstance(Map<String, Object> body) {
    return ok(post("/_dev/gcp/instances", Map.of(), body));
  }

  /** Creates (or replaces) an Azure VM: {@code name}, optional subscription, resource group, scale set, identities. */
  public Map<String, Object> azureVm(Map<String, Object> body) {
    return ok(post("/_dev/azure/vms", Map.of(), body));
  }

  /** The Azure tenant: {@code tenant_id}, {@code issuer}, {@code resources}. */
  public Map<String, Object> azureTenant() {
    return ok(get("/_dev/azure/tenant", Map.of()));
  }

  /** Adds resources the Azure tenant issues tokens for. */
  public Map<String, Object> azureResources(List<String> resources) {
    return ok(post("/_dev/azure/tenant", Map.of(), Map.of("resources", resources)));
  }

  public Response get(String path, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(address + path)).GET();
    headers.forEach(b::header);
    return send(b);
  }

  /** POST with a JSON body (a map) or a raw string body ({@code Content-Type} from {@code headers}). */
  public Response post(String path, Map<String, String> headers, Object body) {
    String text;
    try {
      text = body instanceof String s ? s : JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(address + path))
        .POST(HttpRequest.BodyPublishers.ofString(text));
    if (!headers.containsKey("Content-Type")) {
      b.header("Content-Type", body instanceof String ? "application/x-www-form-urlencoded" : "application/json");
    }
    headers.forEach(b::header);
    return send(b);
  }

  private Response send(HttpRequest.Builder b) {
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body(), r.headers().map());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static Map<String, Object> ok(Response r) {
    if (r.status() != 200) {
      throw new AssertionError("stand-in answered " + r.status() + ": " + r.body());
    }
    return r.json();
  }
}
