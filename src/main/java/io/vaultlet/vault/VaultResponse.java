package io.vaultlet.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.vaultlet.support.Redactor;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Vault's response envelope. {@link #data()} is the untouched JSON tree (numbers stay exact); the lease fields, {@code
 * auth}, {@code wrap_info} and {@code warnings} are typed. Every field is optional on the wire; unknown ones are kept
 * in {@link #body()}.
 *
 * <p>{@code toString} shows identifiers and shapes, never tokens or secret values.
 */
public final class VaultResponse {

  private final int status;
  private final JsonNode body;
  private final HttpHeaders headers;
  private final Auth auth;
  private final WrapInfo wrapInfo;
  /** The body's bytes as Vault sent them (null when this response was not read from the wire). */
  private final byte[] raw;

  VaultResponse(int status, JsonNode body, HttpHeaders headers) {
    this(status, body, headers, null);
  }

  VaultResponse(int status, JsonNode body, HttpHeaders headers, byte[] raw) {
    this.status = status;
    this.raw = raw;
    this.body = body == null ? MissingNode.getInstance() : body;
    this.headers = headers == null ? HttpHeaders.of(Map.of(), (a, b) -> true) : headers;
    JsonNode a = this.body.path("auth");
    this.auth = a.isObject() ? Auth.of(a) : null;
    JsonNode w = this.body.path("wrap_info");
    this.wrapInfo = w.isObject() ? WrapInfo.of(w) : null;
  }

  /**
   * A 200 answer Vault gave to someone else, re-read from its body: the API proxy's lease cache hands a response it
   * holds over to a template ({@code LeaseWatcher}), which then reads it as if it had fetched it: parsed as the
   * client parses an answer ({@link Json}: streaming, bounded depth, numbers exact), the bytes kept as Vault sent them.
   */
  public static VaultResponse fromBody(byte[] body) throws java.io.IOException {
    return new VaultResponse(200, Json.parse(body), null, body);
  }

  /** The HTTP status: 200 normally; 404 for a KV v2 deleted/destroyed version or a wrapped 404. */
  public int status() {
    return status;
  }

  /** The whole JSON body, as received. */
  public JsonNode body() {
    return body;
  }

  /**
   * The body as JSON text: the bytes Vault sent (UTF-8), or the tree written out when there are none. Reading this
   * costs no tree serialisation on the way from Vault to a template.
   */
  public String json() {
    return raw != null ? new String(raw, java.nio.charset.StandardCharsets.UTF_8) : body.toString();
  }

  /** The body's bytes as Vault sent them (a copy), or the tree written out when there are none. */
  public byte[] bytes() {
    return raw != null ? raw.clone() : body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** A response header (case-insensitive), e.g. {@code X-Vault-Index}. */
  public Optional<String> header(String name) {
    return headers.firstValue(name);
  }

  public String requestId() {
    return body.path("request_id").asText("");
  }

  public String leaseId() {
    return body.path("lease_id").asText("");
  }

  /** The secret's lease in seconds (0 for none); a token's TTL is in {@link Auth#leaseDuration()}. */
  public long leaseDuration() {
    return body.path("lease_duration").asLong(0);
  }

  public boolean renewable() {
    return body.path("renewable").asBoolean(false);
  }

  /** {@code data} as sent (an object for most endpoints); {@link NullNode} when absent or null. */
  public JsonNode data() {
    JsonNode d = body.path("data");
    return d.isMissingNode() ? NullNode.getInstance() : d;
  }

  public boolean hasData() {
    JsonNode d = data();
    return !d.isNull() && !(d.isObject() && d.isEmpty());
  }

  public List<String> warnings() {
    JsonNode w = body.path("warnings");
    if (!w.isArray()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    w.forEach(n -> out.add(n.asText()));
    return Collections.unmodifiableList(out);
  }

  /** The serving mount's type; absent on servers older than about 1.14. */
  public Optional<String> mountType() {
    JsonNode m = body.path("mount_type");
    return m.isTextual() ? Optional.of(m.asText()) : Optional.empty();
  }

  public Optional<Auth> auth() {
    return Optional.ofNullable(auth);
  }

  public Optional<WrapInfo> wrapInfo() {
    return Optional.ofNullable(wrapInfo);
  }

  /**
   * True for a KV v2 read whose version is deleted at {@code now}: {@code data.metadata.deletion_time} is an RFC 3339
   * time not after {@code now} (consul-template's {@code deletedKVv2}; a future deletion time is not yet deleted).
   */
  public boolean isKvV2Deleted(Instant now) {
    JsonNode t = data().path("metadata").path("deletion_time");
    if (!t.isTextual() || t.asText().isEmpty()) {
      return false;
    }
    try {
      return !OffsetDateTime.parse(t.asText()).toInstant().isAfter(now);
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /**
   * The secret part of a response's {@code data}: for a KV v2 read ({@code data} and a {@code metadata} object) only
   * {@code data.data} — versions, times and {@code custom_metadata} are not secrets, and registering them would mask
   * ordinary words and times in every log line — else all of it.
   */
  public static Object secretPart(Object data) {
    if (data instanceof java.util.Map<?, ?> m && m.containsKey("data") && m.get("metadata") instanceof java.util.Map) {
      return m.get("data");
    }
    return data;
  }

  /** Registers the secret part of {@code data} (secret reads, unwraps) with the redactor, by its one rule. */
  void registerDataSecrets() {
    JsonNode d = data();
    boolean kvV2 = d.isObject() && d.has("data") && d.path("metadata").isObject();
    Redactor.registerTree(kvV2 ? d.get("data") : d, Redactor.SECRET_FIELDS);
  }

  @Override
  public String toString() {
    List<String> keys = new ArrayList<>();
    data().fieldNames().forEachRemaining(keys::add);
    return "VaultResponse{status=" + status + ", request_id=" + requestId() + ", lease_id=" + leaseId()
        + ", lease_duration=" + leaseDuration() + ", renewable=" + renewable() + ", data_keys=" + keys
        + ", auth=" + auth + ", wrap_info=" + wrapInfo + ", warnings=" + warnings().size() + "}";
  }

  private static List<String> strings(JsonNode n) {
    if (!n.isArray()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    n.forEach(x -> out.add(x.asText()));
    return Collections.unmodifiableList(out);
  }

  /**
   * The {@code auth} block of a login, token create or renew. {@link #clientToken()} is a secret: it is registered with
   * the redactor when parsed and left out of {@code toString}.
   */
  public record Auth(String clientToken, String accessor, List<String> policies, List<String> tokenPolicies,
      List<String> identityPolicies, Map<String, String> metadata, long leaseDuration, boolean renewable,
      String entityId, String tokenType, boolean orphan, long numUses) {

    static Auth of(JsonNode a) {
      String token = a.path("client_token").asText("");
      Redactor.register(token);
      Map<String, String> meta = new LinkedHashMap<>();
      a.path("metadata").properties().forEach(e -> meta.put(e.getKey(), e.getValue().asText()));
      return new Auth(token, a.path("accessor").asText(""), strings(a.path("policies")),
          strings(a.path("token_policies")), strings(a.path("identity_policies")),
          Collections.unmodifiableMap(meta), a.path("lease_duration").asLong(0), a.path("renewable").asBoolean(false),
          a.path("entity_id").asText(""), a.path("token_type").asText(""), a.path("orphan").asBoolean(false),
          a.path("num_uses").asLong(0));
    }

    @Override
    public String toString() {
      return "Auth{accessor=" + accessor + ", policies=" + policies + ", lease_duration=" + leaseDuration
          + ", renewable=" + renewable + ", token_type=" + tokenType + ", client_token=" + Redactor.MASK + "}";
    }
  }

  /** {@code wrap_info}: {@link #token()} is the single-use wrapping token (a secret, left out of {@code toString}). */
  public record WrapInfo(String token, String accessor, long ttl, String creationTime, String creationPath,
      String wrappedAccessor) {

    static WrapInfo of(JsonNode w) {
      String token = w.path("token").asText("");
      Redactor.register(token);
      return new WrapInfo(token, w.path("accessor").asText(""), w.path("ttl").asLong(0),
          w.path("creation_time").asText(""), w.path("creation_path").asText(""),
          w.path("wrapped_accessor").asText(""));
    }

    @Override
    public String toString() {
      return "WrapInfo{accessor=" + accessor + ", ttl=" + ttl + ", creation_path=" + creationPath
          + ", token=" + Redactor.MASK + "}";
    }
  }
}
