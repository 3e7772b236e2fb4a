package io.vaultlet.template;

import io.vaultlet.template.gotmpl.GoStruct;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The value of {@code secret}: consul-template's {@code *dependency.Secret}, as a template sees it
 * ({@code .RequestID .LeaseID .LeaseDuration .Renewable .Data .Warnings .Auth .WrapInfo}). {@code .Data} is the raw
 * Vault {@code data} object, so a KV v2 read gives {@code .Data.data.password} and {@code .Data.metadata.version}.
 *
 * <p>vaultlet adds the method {@code .Previous}: the value the dependency had before this one (for applications that
 * accept two credentials during a switch). When there is none it is an empty secret whose {@code .LeaseID} is empty
 * and whose {@code .Data} reads every key as the empty string, so {@code {{ .Previous.Data.username }}} renders
 * nothing. It is a method, not a field, so printing a whole secret is unchanged.
 */
public final class Secret implements GoStruct {

  private static final List<String> FIELDS =
      List.of("RequestID", "LeaseID", "LeaseDuration", "Renewable", "Data", "Warnings", "Auth", "WrapInfo");

  private final String requestId;
  private final String leaseId;
  private final long leaseDuration;
  private final boolean renewable;
  private final Map<String, Object> data;
  private final List<String> warnings;
  private final Auth auth;
  private final WrapInfo wrapInfo;
  private final Secret previous;

  /** What {@code .Previous} is when there is no previous value. */
  private static final Secret NO_PREVIOUS =
      new Secret("", "", 0, false, new EmptyData(), null, null, null, null);

  public Secret(String requestId, String leaseId, long leaseDuration, boolean renewable, Map<String, Object> data,
      List<String> warnings, Auth auth, WrapInfo wrapInfo) {
    this(requestId, leaseId, leaseDuration, renewable, data, warnings, auth, wrapInfo, null);
  }

  private Secret(String requestId, String leaseId, long leaseDuration, boolean renewable, Map<String, Object> data,
      List<String> warnings, Auth auth, WrapInfo wrapInfo, Secret previous) {
    this.previous = previous;
    this.requestId = requestId == null ? "" : requestId;
    this.leaseId = leaseId == null ? "" : leaseId;
    this.leaseDuration = leaseDuration;
    this.renewable = renewable;
    this.data = data == null ? GoNil.MAP : data;
    this.warnings = warnings == null ? GoNil.STRINGS : StringSlice.of(warnings);
    this.auth = auth;
    this.wrapInfo = wrapInfo;
  }

  /**
   * Builds the secret from a Vault HTTP response body already decoded into the template data model
   * ({@link GoJson#parse}, with JSON integers as {@link Long}).
   */
  @SuppressWarnings("unchecked")
  public static Secret fromResponse(Map<String, Object> body) {
    Objects.requireNonNull(body, "body");
    Map<String, Object> data = body.get("data") instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    Auth auth = body.get("auth") instanceof Map<?, ?> a ? Auth.fromResponse((Map<String, Object>) a) : null;
    WrapInfo wrap = body.get("wrap_info") instanceof Map<?, ?> w ? WrapInfo.fromResponse((Map<String, Object>) w) : null;
    return new Secret(str(body.get("request_id")), str(body.get("lease_id")), num(body.get("lease_duration")),
        Boolean.TRUE.equals(body.get("renewable")), data, strings(body.get("warnings")), auth, wrap);
  }

  public String requestId() { return requestId; }
  public String leaseId() { return leaseId; }
  public long leaseDuration() { return leaseDuration; }
  public boolean renewable() { return renewable; }
  /** Vault's {@code data}; empty (Go's nil map) when the response had none. */
  public Map<String, Object> data() { return data; }
  public List<String> warnings() { return warnings; }
  public Auth auth() { return auth; }
  public WrapInfo wrapInfo() { return wrapInfo; }

  /** The value before this one, or an empty secret (see the class comment). */
  public Secret previous() {
    return previous == null ? NO_PREVIOUS : previous;
  }

  /** True when {@link #previous()} is a real earlier value. */
  public boolean hasPrevious() {
    return previous != null;
  }

  /** This secret with {@code before} as its {@code .Previous} (whose own previous is dropped: one step back only). */
  public Secret withPrevious(Secret before) {
    Secret p = before == null ? null : before.hasPrevious() ? before.withPrevious(null) : before;
    return new Secret(requestId, leaseId, leaseDuration, renewable, data, warnings, auth, wrapInfo, p);
  }

  /** vaultlet's Go method {@code Previous}. */
  @Override
  public io.vaultlet.template.gotmpl.TemplateFunction method(String name) {
    return name.equals("Previous") ? args -> previous() : null;
  }

  @Override
  public String typeName() {
    return "*dependency.Secret";
  }

  @Override
  public boolean pointer() {
    return true;
  }

  @Override
  public List<String> fieldNames() {
    return FIELDS;
  }

  @Override
  public Object field(String name) {
    switch (name) {
      case "RequestID": return requestId;
      case "LeaseID": return leaseId;
      case "LeaseDuration": return leaseDuration;
      case "Renewable": return renewable;
      case "Data": return data;
      case "Warnings": return warnings;
      case "Auth": return auth;
      case "WrapInfo": return wrapInfo;
      default: throw new IllegalArgumentException("no field " + name);
    }
  }

  /** {@code *dependency.SecretAuth}. */
  public record Auth(String clientToken, String accessor, List<String> policies, Map<String, String> metadata,
      long leaseDuration, boolean renewable) implements GoStruct {

    private static final List<String> FIELDS =
        List.of("ClientToken", "Accessor", "Policies", "Metadata", "LeaseDuration", "Renewable");

    @SuppressWarnings("unchecked")
    static Auth fromResponse(Map<String, Object> a) {
      Map<String, String> meta = null;
      if (a.get("metadata") instanceof Map<?, ?> m) {
        meta = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
          meta.put(e.getKey(), e.getValue() == null ? "" : String.valueOf(e.getValue()));
        }
        meta = Collections.unmodifiableMap(meta);
      }
      if (meta == null) {
        meta = GoNil.map();
      }
      List<String> policies = strings(a.get("policies"));
      return new Auth(str(a.get("client_token")), str(a.get("accessor")),
          policies == null ? GoNil.STRINGS : StringSlice.of(policies), meta, num(a.get("lease_duration")),
          Boolean.TRUE.equals(a.get("renewable")));
    }

    @Override public String typeName() { return "*dependency.SecretAuth"; }
    @Override public boolean pointer() { return true; }
    @Override public List<String> fieldNames() { return FIELDS; }

    @Override
    public Object field(String name) {
      switch (name) {
        case "ClientToken": return clientToken;
        case "Accessor": return accessor;
        case "Policies": return policies;
        case "Metadata": return metadata;
        case "LeaseDuration": return leaseDuration;
        case "Renewable": return renewable;
        default: throw new IllegalArgumentException("no field " + name);
      }
    }
  }

  /** {@code *dependency.SecretWrapInfo}; {@code CreationTime} is kept as Vault's RFC 3339 text. */
  public record WrapInfo(String token, long ttl, String creationTime, String wrappedAccessor) implements GoStruct {

    private static final List<String> FIELDS = List.of("Token", "TTL", "CreationTime", "WrappedAccessor");

    static WrapInfo fromResponse(Map<String, Object> w) {
      return new WrapInfo(str(w.get("token")), num(w.get("ttl")), creation(w.get("creation_time")),
          str(w.get("wrapped_accessor")));
    }

    private static String creation(Object v) {
      String s = str(v);
      try {
        return s.isEmpty() ? s : OffsetDateTime.parse(s).toString();
      } catch (RuntimeException e) {
        return s;
      }
    }

    @Override public String typeName() { return "*dependency.SecretWrapInfo"; }
    @Override public boolean pointer() { return true; }
    @Override public List<String> fieldNames() { return FIELDS; }

    @Override
    public Object field(String name) {
      switch (name) {
        case "Token": return token;
        case "TTL": return ttl;
        case "CreationTime": return creationTime;
        case "WrappedAccessor": return wrappedAccessor;
        default: throw new IllegalArgumentException("no field " + name);
      }
    }
  }

  /**
   * The {@code .Data} of "no previous value": empty when ranged over or counted, and every key reads as the empty
   * string (also with {@code error_on_missing_key}), so a template needs no guard around {@code .Previous}.
   */
  private static final class EmptyData extends java.util.AbstractMap<String, Object> {
    @Override
    public java.util.Set<Entry<String, Object>> entrySet() {
      return java.util.Set.of();
    }

    @Override
    public Object get(Object key) {
      return "";
    }

    @Override
    public boolean containsKey(Object key) {
      return true;
    }
  }

  private static String str(Object o) {
    return o == null ? "" : String.valueOf(o);
  }

  private static long num(Object o) {
    if (o instanceof Number n) {
      return n.longValue();
    }
    if (o instanceof String s && !s.isEmpty()) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    return 0;
  }

  private static List<String> strings(Object o) {
    if (!(o instanceof List<?> l)) {
      return null;
    }
    List<String> out = new ArrayList<>(l.size());
    for (Object x : l) {
      out.add(str(x));
    }
    return out;
  }
}
