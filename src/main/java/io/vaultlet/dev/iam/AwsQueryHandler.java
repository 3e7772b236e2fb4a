package io.vaultlet.dev.iam;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.vaultlet.dev.FormData;
import io.vaultlet.dev.auth.SigV4Verifier;
import io.vaultlet.support.Log;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The IAM and STS query APIs on the emulator's listener. An AWS SDK reaches them through its endpoint override set to
 * the emulator's address: the SDKs send query-protocol requests to the endpoint's root ({@code POST /}, any path of
 * the override dropped), so a signed {@code POST /} is IAM's or STS's by the service its signature is scoped to;
 * {@code /_aws/iam/} and {@code /_aws/sts/} serve clients that keep a path (curl). Each request is a form (body or
 * query) with {@code Action} and {@code Version}, signed with SigV4 for service {@code iam} or {@code sts}; the
 * signature is recomputed by {@link SigV4Verifier} and the answer is AWS's XML document, errors included
 * ({@code <ErrorResponse>} with {@code Type}, {@code Code}, {@code Message}).
 *
 * <p>IAM: {@code CreateAccessKey}, {@code ListAccessKeys}, {@code UpdateAccessKey}, {@code DeleteAccessKey},
 * {@code GetAccessKeyLastUsed}. STS: {@code GetCallerIdentity}. The rules are {@link IamStandIn}'s.
 */
public final class AwsQueryHandler implements HttpHandler {

  /** Where the IAM query API is served. */
  public static final String IAM_PATH = "/_aws/iam";
  /** Where the STS query API is served. */
  public static final String STS_PATH = "/_aws/sts";
  static final String IAM_VERSION = "2010-05-08";
  static final String STS_VERSION = "2011-06-15";
  private static final Log LOG = Log.named("dev.aws");

  private final IamStandIn iam;

  public AwsQueryHandler(IamStandIn iam) {
    this.iam = iam;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      String service = service(path, ex.getRequestHeaders().getFirst("Authorization"));
      byte[] body = ex.getRequestBody().readAllBytes();
      if (service == null) {
        write(ex, 404, "text/plain", "no AWS service at " + path + " (IAM: " + IAM_PATH + "/, STS: " + STS_PATH
            + "/)\n");
        return;
      }
      String ns = "iam".equals(service) ? "https://iam.amazonaws.com/doc/" + IAM_VERSION + "/"
          : "https://sts.amazonaws.com/doc/" + STS_VERSION + "/";
      String requestId = UUID.randomUUID().toString();
      ex.getResponseHeaders().set("x-amzn-RequestId", requestId);
      try {
        Map<String, String> params = params(ex.getRequestURI().getRawQuery(), body, ex);
        IamStandIn.Caller caller = iam.authenticate(signed(ex, body), service);
        String action = params.getOrDefault("Action", "");
        String xml = "iam".equals(service) ? iamAction(caller, action, params) : stsAction(caller, action, params);
        write(ex, 200, "text/xml", document(action + "Response", ns, xml, requestId));
      } catch (IamException e) {
        LOG.debug("aws request refused", "service", service, "code", e.code(), "status", e.status());
        write(ex, e.status(), "text/xml", error(ns, e, requestId));
      }
    }
  }

  /**
   * Whether a request to the listener's root is one of ours: a {@code POST /} signed with SigV4 (the AWS SDKs send
   * query-protocol requests to the endpoint's root whatever path it has; Vault's API never takes {@code POST /}).
   */
  public static boolean isRootQuery(String path, String method, String authorization) {
    return ("/".equals(path) || path.isEmpty()) && "POST".equalsIgnoreCase(method) && authorization != null
        && authorization.trim().startsWith(SigV4Verifier.ALGORITHM);
  }

  /** {@code iam} or {@code sts} by path, or at the root by the service the signature is scoped to; else null. */
  private static String service(String path, String authorization) {
    if (("/".equals(path) || path.isEmpty()) && authorization != null) {
      try {
        String s = SigV4Verifier.parseAuthorization(authorization).service();
        return "iam".equals(s) || "sts".equals(s) ? s : null;
      } catch (SigV4Verifier.Rejected e) {
        return null;
      }
    }
    for (String s : List.of("iam", "sts")) {
      String base = "/_aws/" + s;
      if (path.equals(base) || path.equals(base + "/")) {
        return s;
      }
    }
    return null;
  }

  // ---- actions ------------------------------------------------------------------------------------------------------

  private String iamAction(IamStandIn.Caller caller, String action, Map<String, String> p) {
    version(action, p, IAM_VERSION);
    String user = p.getOrDefault("UserName", "");
    String keyId = p.getOrDefault("AccessKeyId", "");
    switch (action) {
      case "CreateAccessKey": {
        IamStandIn.AccessKey k = iam.createAccessKey(caller, user);
        LOG.info("iam: access key created", "user", k.userName(), "access_key_id", k.accessKeyId());
        return result(action, "<AccessKey>" + el("UserName", k.userName()) + el("AccessKeyId", k.accessKeyId())
            + el("Status", k.status()) + el("SecretAccessKey", k.secretAccessKey()) + el("CreateDate",
            date(k.createDate())) + "</AccessKey>");
      }
      case "ListAccessKeys": {
        StringBuilder members = new StringBuilder();
        List<IamStandIn.KeyMetadata> keys = iam.listAccessKeys(caller, user);
        for (IamStandIn.KeyMetadata k : keys) {
          members.append("<member>").append(el("UserName", k.userName())).append(el("AccessKeyId", k.accessKeyId()))
              .append(el("Status", k.status())).append(el("CreateDate", date(k.createDate()))).append("</member>");
        }
        String owner = keys.isEmpty() ? (user.isEmpty() ? caller.user().map(IamStandIn.User::name).orElse("") : user)
            : keys.get(0).userName();
        return result(action, el("UserName", owner) + "<AccessKeyMetadata>" + members + "</AccessKeyMetadata>"
            + el("IsTruncated", "false"));
      }
      case "UpdateAccessKey":
        iam.updateAccessKey(caller, user, keyId, p.getOrDefault("Status", ""));
        LOG.info("iam: access key updated", "access_key_id", keyId, "status", p.get("Status"));
        return "";
      case "DeleteAccessKey":
        iam.deleteAccessKey(caller, user, keyId);
        LOG.info("iam: access key deleted", "access_key_id", keyId);
        return "";
      case "GetAccessKeyLastUsed": {
        IamStandIn.LastUsed u = iam.accessKeyLastUsed(caller, keyId);
        return result(action, "<AccessKeyLastUsed>" + el("Region", u.region()) + el("ServiceName", u.serviceName())
            + u.date().map(d -> el("LastUsedDate", date(d))).orElse("") + "</AccessKeyLastUsed>"
            + el("UserName", u.userName()));
      }
      default:
        throw unknownAction(action, IAM_VERSION);
    }
  }

  private static String stsAction(IamStandIn.Caller caller, String action, Map<String, String> p) {
    version(action, p, STS_VERSION);
    if (!"GetCallerIdentity".equals(action)) {
      throw unknownAction(action, STS_VERSION);
    }
    return result(action, el("Arn", caller.arn()) + el("UserId", caller.userId())
        + el("Account", IamStandIn.ACCOUNT_ID));
  }

  private static void version(String action, Map<String, String> p, String expected) {
    if (action.isEmpty()) {
      throw new IamException(400, "MissingAction", "Missing Action");
    }
    String v = p.getOrDefault("Version", "");
    if (!v.isEmpty() && !v.equals(expected)) {
      throw unknownAction(action, v);
    }
  }

  private static IamException unknownAction(String action, String version) {
    return new IamException(400, "InvalidAction", "Could not find operation " + action + " for version " + version);
  }

  // ---- the request --------------------------------------------------------------------------------------------------

  /** The request as the client signed it: the URL it addressed (Host header), its headers and its body. */
  private static SigV4Verifier.SignedRequest signed(HttpExchange ex, byte[] body) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    String host = Optional.ofNullable(ex.getRequestHeaders().getFirst("Host")).orElse("localhost");
    String query = ex.getRequestURI().getRawQuery();
    URI url = URI.create("http://" + host + ex.getRequestURI().getRawPath() + (query == null ? "" : "?" + query));
    return new SigV4Verifier.SignedRequest(ex.getRequestMethod(), url, headers, body);
  }

  /** The query string's fields, then the form body's (AWS's query protocol accepts either). */
  private static Map<String, String> params(String rawQuery, byte[] body, HttpExchange ex) {
    Map<String, String> out = new LinkedHashMap<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      FormData.parse(rawQuery).forEach((k, v) -> out.put(k, String.valueOf(v)));
    }
    String type = Optional.ofNullable(ex.getRequestHeaders().getFirst("Content-Type")).orElse("");
    if (body.length > 0 && (type.isEmpty() || type.toLowerCase(Locale.ROOT).startsWith(
        "application/x-www-form-urlencoded"))) {
      FormData.parse(new String(body, StandardCharsets.UTF_8)).forEach((k, v) -> out.put(k, String.valueOf(v)));
    }
    return out;
  }

  // ---- XML ----------------------------------------------------------------------------------------------------------

  private static String result(String action, String inner) {
    return "<" + action + "Result>" + inner + "</" + action + "Result>";
  }

  private static String document(String root, String ns, String inner, String requestId) {
    return "<" + root + " xmlns=\"" + ns + "\">\n  " + inner + "\n  <ResponseMetadata>\n    <RequestId>" + requestId
        + "</RequestId>\n  </ResponseMetadata>\n</" + root + ">\n";
  }

  private static String error(String ns, IamException e, String requestId) {
    return "<ErrorResponse xmlns=\"" + ns + "\">\n  <Error>\n    <Type>" + (e.status() >= 500 ? "Receiver" : "Sender")
        + "</Type>\n    <Code>" + e.code() + "</Code>\n    <Message>" + escape(e.getMessage()) + "</Message>\n"
        + "  </Error>\n  <RequestId>" + requestId + "</RequestId>\n</ErrorResponse>\n";
  }

  private static String el(String name, String value) {
    return "<" + name + ">" + escape(value) + "</" + name + ">";
  }

  static String date(Instant i) {
    return i.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static String escape(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;").replace("'", "&apos;");
  }

  private static void write(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
