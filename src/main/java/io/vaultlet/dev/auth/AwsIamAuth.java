package io.vaultlet.dev.auth;

import io.vaultlet.dev.Fields;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultlet.support.Redactor;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code auth/aws} with {@code auth_type=iam}: Vault's validation of the four {@code iam_*} fields, then a stand-in for
 * STS. Where Vault forwards the signed {@code GetCallerIdentity} request to AWS, the emulator verifies the SigV4 signature
 * itself ({@link SigV4Verifier}) against access keys registered with {@link #registerKey} (or {@code auth/aws/_dev/keys}),
 * and answers with the key's caller ARN. Failures carry Vault's texts; STS failures are wrapped as Vault wraps them.
 */
final class AwsIamAuth {

  static final String SERVER_ID_HEADER = "X-Vault-AWS-IAM-Server-ID";
  static final String GET_CALLER_IDENTITY_BODY = "Action=GetCallerIdentity&Version=2011-06-15";
  private static final Set<String> DEFAULT_AMZ_HEADERS = Set.of("x-amz-algorithm", "x-amz-content-sha256",
      "x-amz-credential", "x-amz-date", "x-amz-security-token", "x-amz-signature", "x-amz-signedheaders",
      "x-amz-user-agent");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Clock clock;
  private final io.vaultlet.dev.iam.IamStandIn iam;
  private volatile ClientConfig config = new ClientConfig("", "", List.of());
  private final Map<String, AwsRole> roles = new ConcurrentHashMap<>();
  private final Map<String, DevKey> keys = new ConcurrentHashMap<>();

  /** {@code auth/aws/config/client}. */
  public record ClientConfig(String iamServerIdHeaderValue, String stsEndpoint, List<String> allowedStsHeaderValues) {
    public ClientConfig {
      allowedStsHeaderValues = List.copyOf(allowedStsHeaderValues);
    }
  }

  /** A stand-in STS identity: the secret that signs for {@code accessKeyId} and who the caller is. */
  public record DevKey(String accessKeyId, String secretAccessKey, String arn, String userId) {}

  public AwsIamAuth(Clock clock) {
    this(clock, null);
  }

  /** With the emulator's IAM stand-in: keys it made (IAM CreateAccessKey, the aws secrets engine) log in too. */
  public AwsIamAuth(Clock clock, io.vaultlet.dev.iam.IamStandIn iam) {
    this.clock = clock;
    this.iam = iam;
  }

  // ---- configuration ----------------------------------------------------------------------------------------------

  public void writeConfig(Map<String, Object> data) {
    ClientConfig old = config;
    config = new ClientConfig(
        data.containsKey("iam_server_id_header_value") ? Fields.string(data, "iam_server_id_header_value")
            : old.iamServerIdHeaderValue(),
        data.containsKey("sts_endpoint") ? Fields.string(data, "sts_endpoint") : old.stsEndpoint(),
        data.containsKey("allowed_sts_header_values") ? Fields.list(data, "allowed_sts_header_values")
            : old.allowedStsHeaderValues());
  }

  public Map<String, Object> readConfig() {
    Map<String, Object> out = new LinkedHashMap<>();
    ClientConfig c = config;
    out.put("access_key", "");
    out.put("allowed_sts_header_values", c.allowedStsHeaderValues());
    out.put("iam_server_id_header_value", c.iamServerIdHeaderValue());
    out.put("sts_endpoint", c.stsEndpoint());
    return out;
  }

  /** Registers a key the stand-in STS accepts; the secret is redacted from every log line. */
  public void registerKey(DevKey key) {
    parseArn(key.arn());
    Redactor.register(key.secretAccessKey());
    keys.put(key.accessKeyId(), key);
  }

  public void writeRole(String name, Map<String, Object> data) {
    roles.put(name, AwsRole.parse(name, data));
  }

  public Map<String, Object> readRole(String name) {
    AwsRole r = roles.get(name);
    return r == null ? null : r.describe();
  }

  /** The role itself, or null. */
  AwsRole role(String name) {
    return roles.get(name);
  }

  public void deleteRole(String name) {
    roles.remove(name);
  }

  public List<String> listRoles() {
    return roles.keySet().stream().sorted().toList();
  }

  // ---- login ------------------------------------------------------------------------------------------------------

  /** {@code auth/aws/login}. */
  public LoginResult login(Map<String, Object> data) {
    boolean anyIam = data.containsKey("iam_http_request_method") || data.containsKey("iam_request_url")
        || data.containsKey("iam_request_body") || data.containsKey("iam_request_headers");
    boolean anyEc2 = data.containsKey("pkcs7") || data.containsKey("identity") || data.containsKey("signature");
    if (anyIam && anyEc2) {
      throw AuthException.badRequest("supplied auth values for both ec2 and iam auth types");
    }
    if (anyEc2) {
      throw new IllegalArgumentException("ec2 logins are AwsEc2Auth's (the backend dispatches on the fields)");
    }
    if (!anyIam) {
      throw AuthException.badRequest("didn't supply required authentication values");
    }
    if (!(data.containsKey("iam_http_request_method") && data.containsKey("iam_request_url")
        && data.containsKey("iam_request_body") && data.containsKey("iam_request_headers"))) {
      throw AuthException.badRequest("supplied some of the auth values for the iam auth type but not all");
    }
    SigV4Verifier.SignedRequest request = decodeRequest(data);
    ClientConfig c = config;
    if (!c.iamServerIdHeaderValue().isEmpty()) {
      validateServerIdHeader(request.headers(), c.iamServerIdHeaderValue());
    }
    validateAmzHeaders(request.headers(), c.allowedStsHeaderValues());
    DevKey caller = callStandInSts(request);
    Arn entity = parseArn(caller.arn());
    String roleName = Fields.string(data, "role").isEmpty() ? entity.friendlyName() : Fields.string(data, "role");
    AwsRole role = roles.get(roleName);
    if (role == null) {
      throw AuthException.badRequest("entry for role " + roleName + " not found");
    }
    if (!"iam".equals(role.authType())) {
      throw AuthException.badRequest("auth method iam not allowed for role " + roleName);
    }
    if (!bound(role, entity, caller.arn())) {
      throw AuthException.badRequest("IAM Principal \"" + caller.arn() + "\" does not belong to the role \""
          + roleName + "\"");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("account_id", entity.account());
    metadata.put("auth_type", "iam");
    return new LoginResult(entity.friendlyName(), role.policies(), metadata, role.ttl(), role.maxTtl(), role.period(),
        0, caller.userId().split(":")[0]);
  }

  private SigV4Verifier.SignedRequest decodeRequest(Map<String, Object> data) {
    String method = Fields.string(data, "iam_http_request_method");
    if (method.isEmpty()) {
      throw AuthException.badRequest("missing iam_http_request_method");
    }
    if (!"POST".equals(method)) {
      throw AuthException.badRequest("invalid iam_http_request_method; currently only 'POST' is supported");
    }
    String urlB64 = Fields.string(data, "iam_request_url");
    if (urlB64.isEmpty()) {
      throw AuthException.badRequest("missing iam_request_url");
    }
    URI url;
    try {
      url = new URI(new String(Base64.getDecoder().decode(urlB64), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw AuthException.badRequest("failed to base64 decode iam_request_url");
    } catch (URISyntaxException e) {
      throw AuthException.badRequest("error parsing iam_request_url");
    }
    String bodyB64 = Fields.string(data, "iam_request_body");
    if (bodyB64.isEmpty()) {
      throw AuthException.badRequest("missing iam_request_body");
    }
    byte[] body;
    try {
      body = Base64.getDecoder().decode(bodyB64);
    } catch (IllegalArgumentException e) {
      throw AuthException.badRequest("failed to base64 decode iam_request_body");
    }
    validateBody(new String(body, StandardCharsets.UTF_8));
    Map<String, List<String>> headers = parseHeaders(data.get("iam_request_headers"));
    if (headers.isEmpty()) {
      throw AuthException.badRequest("missing iam_request_headers");
    }
    return new SigV4Verifier.SignedRequest(method, url, headers, body);
  }

  /** Only {@code Action=GetCallerIdentity} and {@code Version}: anything else could make Vault call another API. */
  static void validateBody(String body) {
    boolean sawAction = false;
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if ("Action".equals(k) && "GetCallerIdentity".equals(v) && !sawAction) {
        sawAction = true;
      } else if (!"Version".equals(k)) {
        throw AuthException.badRequest("iam_request_body contains unexpected values");
      }
    }
    if (!sawAction) {
      throw AuthException.badRequest("iam_request_body contains unexpected values");
    }
  }

  /** {@code framework.TypeHeader}: a JSON object, base64 of one, the JSON text, or a list of "Key:value" strings. */
  static Map<String, List<String>> parseHeaders(Object raw) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (raw == null) {
      return out;
    }
    if (raw instanceof Map<?, ?> map) {
      map.forEach((k, v) -> out.computeIfAbsent(canonicalMimeKey(k.toString()), x -> new ArrayList<>()).addAll(values(v)));
      return out;
    }
    if (raw instanceof Collection<?> lines) {
      for (Object line : lines) {
        String s = line.toString();
        int colon = s.indexOf(':');
        if (colon <= 0) {
          throw AuthException.badRequest("invalid iam_request_headers: \"" + s + "\" is not Key:value");
        }
        out.computeIfAbsent(canonicalMimeKey(s.substring(0, colon).trim()), x -> new ArrayList<>())
            .add(s.substring(colon + 1).trim());
      }
      return out;
    }
    String text = raw.toString().trim();
    if (!text.startsWith("{")) {
      try {
        text = new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw AuthException.badRequest("failed to base64 decode iam_request_headers");
      }
    }
    try {
      JsonNode node = JSON.readTree(text);
      if (node == null || !node.isObject()) {
        throw AuthException.badRequest("iam_request_headers is not a JSON object");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        List<String> vals = out.computeIfAbsent(canonicalMimeKey(e.getKey()), x -> new ArrayList<>());
        if (e.getValue().isArray()) {
          e.getValue().forEach(v -> vals.add(v.asText()));
        } else {
          vals.add(e.getValue().asText());
        }
      }
    } catch (JsonProcessingException e) {
      throw AuthException.badRequest("error parsing iam_request_headers as JSON");
    }
    return out;
  }

  private static List<String> values(Object v) {
    List<String> out = new ArrayList<>();
    if (v instanceof Collection<?> c) {
      c.forEach(o -> out.add(String.valueOf(o)));
    } else if (v != null) {
      out.add(v.toString());
    }
    return out;
  }

  /** Go's {@code textproto.CanonicalMIMEHeaderKey}: {@code x-amz-date} → {@code X-Amz-Date}. */
  static String canonicalMimeKey(String key) {
    StringBuilder sb = new StringBuilder(key.length());
    boolean upper = true;
    for (char c : key.toCharArray()) {
      sb.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
      upper = c == '-';
    }
    return sb.toString();
  }

  private static void validateServerIdHeader(Map<String, List<String>> headers, String required) {
    String provided = SigV4Verifier.first(headers, SERVER_ID_HEADER).orElse("");
    String prefix = "error validating " + SERVER_ID_HEADER + " header: ";
    if (provided.isEmpty()) {
      throw AuthException.badRequest(prefix + "missing header \"" + SERVER_ID_HEADER + "\"");
    }
    if (!provided.equals(required)) {
      throw AuthException.badRequest(prefix + "expected \"" + required + "\" but got \"" + provided + "\"");
    }
    Optional<String> authz = SigV4Verifier.first(headers, "Authorization");
    if (authz.isEmpty()) {
      throw AuthException.badRequest(prefix + "missing Authorization header");
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("SignedHeaders=([^,]+)").matcher(authz.get());
    if (!m.find() || !List.of(m.group(1).trim().split(";")).contains(SERVER_ID_HEADER.toLowerCase(Locale.ROOT))) {
      throw AuthException.badRequest(prefix + "vault header wasn't signed");
    }
  }

  private static void validateAmzHeaders(Map<String, List<String>> headers, List<String> allowed) {
    for (String name : headers.keySet()) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.startsWith("x-amz-") && !DEFAULT_AMZ_HEADERS.contains(lower)
          && allowed.stream().noneMatch(a -> a.equalsIgnoreCase(name))) {
        throw AuthException.badRequest("invalid request header: " + name);
      }
    }
  }

  /**
   * What STS would answer: the caller, or Vault's wrapping of STS's error document. Keys registered with
   * {@code _dev/keys} are checked here; any other key goes to the emulator's IAM stand-in, which knows the keys IAM
   * and the aws secrets engine made (and refuses them while they propagate, or once inactive).
   */
  private DevKey callStandInSts(SigV4Verifier.SignedRequest request) {
    if (iam != null && !registered(request)) {
      try {
        io.vaultlet.dev.iam.IamStandIn.Caller c = iam.authenticate(request, "sts");
        return new DevKey(c.accessKeyId(), "", c.arn(), c.userId());
      } catch (io.vaultlet.dev.iam.IamException e) {
        throw AuthException.badRequest("error making upstream request: received error code " + e.status()
            + " from STS: " + stsError(new SigV4Verifier.Rejected(e.status(), e.code(), e.getMessage())));
      }
    }
    try {
      SigV4Verifier.Authorization auth =
          SigV4Verifier.verify(request, id -> Optional.ofNullable(keys.get(id)).map(DevKey::secretAccessKey), clock.instant());
      if (!"sts".equals(auth.service())) {
        throw new SigV4Verifier.Rejected(403, "SignatureDoesNotMatch",
            "Credential should be scoped to correct service: 'sts'. ");
      }
      return keys.get(auth.accessKeyId());
    } catch (SigV4Verifier.Rejected r) {
      throw AuthException.badRequest("error making upstream request: received error code " + r.status
          + " from STS: " + stsError(r));
    }
  }

  /** Whether the request is signed with a key registered through {@code _dev/keys} (or cannot be parsed). */
  private boolean registered(SigV4Verifier.SignedRequest request) {
    Optional<String> header = SigV4Verifier.first(request.headers(), "Authorization");
    if (header.isEmpty()) {
      return true;
    }
    try {
      return keys.containsKey(SigV4Verifier.parseAuthorization(header.get()).accessKeyId());
    } catch (SigV4Verifier.Rejected e) {
      return true;
    }
  }

  private static String stsError(SigV4Verifier.Rejected r) {
    return "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  <Error>\n    <Type>Sender</Type>\n"
        + "    <Code>" + r.code + "</Code>\n    <Message>" + xml(r.getMessage()) + "</Message>\n  </Error>\n"
        + "  <RequestId>" + UUID.randomUUID() + "</RequestId>\n</ErrorResponse>\n";
  }

  private static String xml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;");
  }

  // ---- ARNs -------------------------------------------------------------------------------------------------------

  /** A parsed IAM or STS ARN; {@code assumed-role} ARNs canonicalise to the role's ARN. */
  record Arn(String partition, String account, String type, String path, String friendlyName, String sessionInfo) {
    String canonical() {
      String t = "assumed-role".equals(type) ? "role" : type;
      return "arn:" + partition + ":iam::" + account + ":" + t + "/" + friendlyName;
    }

    String full() {
      String t = "assumed-role".equals(type) ? "role" : type;
      return "arn:" + partition + ":iam::" + account + ":" + t + "/" + (path.isEmpty() ? "" : path + "/") + friendlyName;
    }
  }

  static Arn parseArn(String arn) {
    String[] parts = arn.split(":", -1);
    if (parts.length != 6 || !"arn".equals(parts[0]) || !("iam".equals(parts[2]) || "sts".equals(parts[2]))) {
      throw new IllegalArgumentException("unrecognized arn: " + arn);
    }
    String[] res = parts[5].split("/");
    if (res.length < 2) {
      throw new IllegalArgumentException("unrecognized arn: \"" + parts[5] + "\" contains fewer than 2 slash-separated parts");
    }
    String type = res[0];
    switch (type) {
      case "assumed-role":
        return new Arn(parts[1], parts[4], type, "", res[1], res.length > 2 ? res[2] : "");
      case "user": case "role": case "instance-profile":
        return new Arn(parts[1], parts[4], type, String.join("/", List.of(res).subList(1, res.length - 1)),
            res[res.length - 1], "");
      default:
        throw new IllegalArgumentException("unrecognized principal type: \"" + type + "\"");
    }
  }

  /** Vault's three ways to match: exact canonical ARN, or a {@code *}-suffixed glob against the full ARN. */
  private static boolean bound(AwsRole role, Arn entity, String clientArn) {
    for (String b : role.boundIamPrincipalArns()) {
      if (b.equals(entity.canonical())) {
        return true;
      }
      if (b.endsWith("*")) {
        String prefix = b.substring(0, b.length() - 1);
        if (entity.full().startsWith(prefix) || clientArn.startsWith(prefix)) {
          return true;
        }
      }
    }
    return false;
  }
}
