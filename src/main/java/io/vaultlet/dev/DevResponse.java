package io.vaultlet.dev;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A backend's answer. The core wraps it in Vault's envelope ({@code request_id, lease_id, renewable, lease_duration,
 * data, wrap_info, warnings, auth, mount_type}) unless it is {@link #raw raw}.
 *
 * <ul>
 *   <li>{@link #of(Map)}: 200 with {@code data} (a {@code null} map gives {@code "data": null}).
 *   <li>{@link #noContent()}: 204, no body (a write with nothing to say; becomes 200 when warnings are attached).
 *   <li>{@link #login(TokenSpec)}: 200 with the {@code auth} block of a newly created token.
 *   <li>{@link #raw}: status, content type and bytes as given (PKI's {@code ca/pem}).
 *   <li>{@link #withStatus}: the envelope with another status, e.g. KV v2's 404 carrying metadata.
 * </ul>
 */
public final class DevResponse {

  private final Map<String, Object> data;
  private final boolean noContent;
  private final TokenSpec login;
  private final byte[] rawBody;
  private final String rawContentType;
  private int status;
  private LeaseSpec lease;
  private Duration leaseDuration;
  private boolean mountDefaultLeaseDuration;
  private final List<String> warnings = new ArrayList<>();
  private final Map<String, String> headers = new LinkedHashMap<>();
  /** Core-internal: an {@code auth} block for a token that already exists (token create, renew). */
  private Map<String, Object> auth;
  private String wrappedAccessor;
  private Map<String, Object> leaseFields;

  private DevResponse(Map<String, Object> data, boolean noContent, TokenSpec login, byte[] rawBody, String ct,
      int status) {
    this.data = data;
    this.noContent = noContent;
    this.login = login;
    this.rawBody = rawBody;
    this.rawContentType = ct;
    this.status = status;
  }

  /** 200 with {@code data} (kept in iteration order; use a LinkedHashMap for Vault's sorted keys). */
  public static DevResponse of(Map<String, Object> data) {
    return new DevResponse(data, false, null, null, null, 200);
  }

  /** 204 with no body. */
  public static DevResponse noContent() {
    return new DevResponse(null, true, null, null, null, 204);
  }

  /** 200 with the {@code auth} block of a new orphan token built from {@code spec} (logins). */
  public static DevResponse login(TokenSpec spec) {
    return new DevResponse(null, false, spec, null, null, 200);
  }

  /** A login that also returns data (some methods return {@code {}} there). */
  public static DevResponse login(TokenSpec spec, Map<String, Object> data) {
    return new DevResponse(data, false, spec, null, null, 200);
  }

  /** A raw answer: no envelope. An empty body with status 200 is sent as 204, as Vault does. */
  public static DevResponse raw(int status, String contentType, byte[] body) {
    return new DevResponse(null, false, null, body.clone(), contentType, status);
  }

  /** {@code {"data":{"keys":[…]}}}, Vault's list answer; an empty list gives 404 as in Vault. */
  public static DevResponse keys(List<String> keys) {
    if (keys.isEmpty()) {
      return null;
    }
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("keys", List.copyOf(keys));
    return of(d);
  }

  /** Registers a lease for this secret (see {@link LeaseSpec}). */
  public DevResponse withLease(LeaseSpec spec) {
    this.lease = spec;
    return this;
  }

  /** A {@code lease_duration} without a lease (KV v1 reports the mount's default TTL this way). */
  public DevResponse withLeaseDuration(Duration value) {
    this.leaseDuration = value;
    return this;
  }

  /** Reports the mount's current default lease TTL as {@code lease_duration}, without a lease (KV v1 reads). */
  public DevResponse withMountDefaultLeaseDuration() {
    this.mountDefaultLeaseDuration = true;
    return this;
  }

  public boolean mountDefaultLeaseDuration() {
    return mountDefaultLeaseDuration;
  }

  /** Adds a warning; null is ignored (so {@link DevRequest#unrecognizedFieldsWarning} can be passed as is). */
  public DevResponse withWarning(String warning) {
    if (warning != null) {
      warnings.add(warning);
    }
    return this;
  }

  public DevResponse withStatus(int value) {
    this.status = value;
    return this;
  }

  public DevResponse withHeader(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /**
   * The accessor reported as {@code wrap_info.wrapped_accessor} when this response is wrapped (AppRole's
   * {@code secret_id_accessor} for {@code role/<r>/secret-id}). Logins set it to the new token's accessor themselves.
   */
  public DevResponse withWrappedAccessor(String accessor) {
    this.wrappedAccessor = accessor;
    return this;
  }

  DevResponse withAuth(Map<String, Object> block, String accessor) {
    this.auth = block;
    this.wrappedAccessor = accessor;
    return this;
  }

  /** Core-internal: top-level lease fields of an existing lease (sys/leases/renew). */
  DevResponse withLeaseFields(Map<String, Object> fields) {
    this.leaseFields = fields;
    return this;
  }

  Map<String, Object> leaseFields() {
    return leaseFields;
  }

  Map<String, Object> auth() {
    return auth;
  }

  String wrappedAccessor() {
    return wrappedAccessor;
  }

  public Map<String, Object> data() {
    return data;
  }

  public boolean isNoContent() {
    return noContent;
  }

  public TokenSpec login() {
    return login;
  }

  public boolean isRaw() {
    return rawBody != null;
  }

  public byte[] rawBody() {
    return rawBody == null ? null : rawBody.clone();
  }

  public String rawContentType() {
    return rawContentType;
  }

  public int status() {
    return status;
  }

  public LeaseSpec lease() {
    return lease;
  }

  public Duration leaseDuration() {
    return leaseDuration;
  }

  public List<String> warnings() {
    return warnings;
  }

  public Map<String, String> headers() {
    return headers;
  }
}
