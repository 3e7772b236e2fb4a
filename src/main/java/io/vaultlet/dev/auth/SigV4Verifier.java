package io.vaultlet.dev.auth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An independent AWS Signature Version 4 verifier: it rebuilds the canonical request, the string to sign and the HMAC
 * key chain from the request as the client sent it, and compares signatures in constant time. It plays the part of STS
 * for {@code auth/aws} IAM logins and of IAM and STS for the {@code /_aws/} stand-in ({@code io.vaultlet.dev.iam}), so
 * it deliberately shares no code with the AWS SDK signer it checks.
 *
 * <p>Checked in this order, each failure answered as STS answers (code and message): the {@code Authorization} header
 * shape, the access key, the {@code X-Amz-Date} (±15 minutes from the injected clock), the credential scope's date,
 * then the signature.
 */
public final class SigV4Verifier {

  static final Duration MAX_SKEW = Duration.ofMinutes(15);
  public static final String ALGORITHM = "AWS4-HMAC-SHA256";
  private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
  private static final Pattern AUTHORIZATION = Pattern.compile(
      "AWS4-HMAC-SHA256\\s+Credential=([^,\\s]+)\\s*,\\s*SignedHeaders=([^,\\s]+)\\s*,\\s*Signature=([0-9a-fA-F]+)\\s*");

  /** The request exactly as signed: method, full URL, headers (any case), body bytes. */
  public record SignedRequest(String method, URI url, Map<String, List<String>> headers, byte[] body) {}

  /** The parts of an {@code Authorization: AWS4-HMAC-SHA256 …} header. */
  public record Authorization(String accessKeyId, String date, String region, String service, List<String> signedHeaders,
      String signature) {
    public String scope() {
      return date + "/" + region + "/" + service + "/aws4_request";
    }
  }

  /** Why STS would refuse the request: its error code, HTTP status and message. */
  public static final class Rejected extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;

    public Rejected(int status, String code, String message) {
      super(message);
      this.status = status;
      this.code = code;
    }

    /** The HTTP status AWS answers with. */
    public int status() {
      return status;
    }

    /** AWS's error code, e.g. {@code SignatureDoesNotMatch}. */
    public String code() {
      return code;
    }
  }

  private SigV4Verifier() {}

  /**
   * Verifies {@code request}. {@code secretFor} maps an access key id to its secret key (empty: unknown key).
   *
   * @return the verified {@code Authorization} parts (the access key id says who signed)
   */
  public static Authorization verify(SignedRequest request, Function<String, Optional<String>> secretFor, Instant now)
      throws Rejected {
    String header = first(request.headers(), "Authorization")
        .orElseThrow(() -> new Rejected(403, "MissingAuthenticationToken", "Request is missing Authentication Token"));
    Authorization auth = parseAuthorization(header);
    String secret = secretFor.apply(auth.accessKeyId()).orElseThrow(() ->
        new Rejected(403, "InvalidClientTokenId", "The security token included in the request is invalid."));
    String amzDate = first(request.headers(), "X-Amz-Date").orElseThrow(() -> new Rejected(403, "IncompleteSignature",
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."));
    Instant signedAt = parseAmzDate(amzDate);
    if (Duration.between(signedAt, now).abs().compareTo(MAX_SKEW) > 0) {
      String nowText = AMZ_DATE.format(now.atOffset(ZoneOffset.UTC));
      String word = signedAt.isBefore(now) ? "earlier than" : "later than";
      Instant bound = signedAt.isBefore(now) ? now.minus(MAX_SKEW) : now.plus(MAX_SKEW);
      throw new Rejected(403, "SignatureDoesNotMatch", "Signature expired: " + amzDate + " is now " + word + " "
          + AMZ_DATE.format(bound.atOffset(ZoneOffset.UTC)) + " (" + nowText + (signedAt.isBefore(now) ? " - " : " + ")
          + "15 min.)");
    }
    if (!amzDate.startsWith(auth.date())) {
      throw new Rejected(403, "SignatureDoesNotMatch", "Credential should be scoped to a valid region. ");
    }
    String expected = signature(secret, auth, amzDate, canonicalRequest(request, auth.signedHeaders()));
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        auth.signature().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
      throw new Rejected(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature "
          + "you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for "
          + "details.");
    }
    return auth;
  }

  public static Authorization parseAuthorization(String header) throws Rejected {
    Matcher m = AUTHORIZATION.matcher(header.trim());
    if (!m.matches()) {
      throw new Rejected(400, "IncompleteSignature", "Authorization header is not a valid AWS4-HMAC-SHA256 header");
    }
    String[] scope = m.group(1).split("/");
    if (scope.length != 5 || !"aws4_request".equals(scope[4])) {
      throw new Rejected(400, "IncompleteSignature", "Credential is not of the form <key>/<date>/<region>/<service>/aws4_request");
    }
    return new Authorization(scope[0], scope[1], scope[2], scope[3], Arrays.asList(m.group(2).split(";")), m.group(3));
  }

  // ---- the algorithm ----------------------------------------------------------------------------------------------

  static String canonicalRequest(SignedRequest request, List<String> signedHeaders) {
    StringBuilder sb = new StringBuilder(256);
    sb.append(request.method().toUpperCase(Locale.ROOT)).append('\n');
    sb.append(canonicalUri(request.url())).append('\n');
    sb.append(canonicalQuery(request.url().getRawQuery())).append('\n');
    for (String name : signedHeaders) {
      sb.append(name).append(':').append(canonicalHeaderValue(request, name)).append('\n');
    }
    sb.append('\n').append(String.join(";", signedHeaders)).append('\n');
    sb.append(payloadHash(request));
    return sb.toString();
  }

  static String stringToSign(Authorization auth, String amzDate, String canonicalRequest) {
    return ALGORITHM + "\n" + amzDate + "\n" + auth.scope() + "\n" + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
  }

  static String signature(String secret, Authorization auth, String amzDate, String canonicalRequest) {
    byte[] kDate = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), auth.date());
    byte[] kRegion = hmac(kDate, auth.region());
    byte[] kService = hmac(kRegion, auth.service());
    byte[] kSigning = hmac(kService, "aws4_request");
    return hex(hmac(kSigning, stringToSign(auth, amzDate, canonicalRequest)));
  }

  private static String canonicalUri(URI url) {
    String path = url.getPath();
    if (path == null || path.isEmpty()) {
      return "/";
    }
    java.util.StringJoiner joined = new java.util.StringJoiner("/");
    for (String segment : path.split("/", -1)) {
      joined.add(encode(segment));
    }
    return joined.toString();
  }

  private static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> params = new ArrayList<>();
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      params.add(new String[] {encode(decode(k)), encode(decode(v))});
    }
    params.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    StringBuilder sb = new StringBuilder();
    for (String[] p : params) {
      if (sb.length() > 0) {
        sb.append('&');
      }
      sb.append(p[0]).append('=').append(p[1]);
    }
    return sb.toString();
  }

  private static String canonicalHeaderValue(SignedRequest request, String lowerName) {
    List<String> values = all(request.headers(), lowerName);
    if (values.isEmpty() && "host".equals(lowerName)) {
      // As Vault does: an SDK may leave Host to the HTTP library; infer it from the URL.
      String host = request.url().getHost();
      int port = request.url().getPort();
      values = List.of(port > 0 ? host + ":" + port : host);
    }
    List<String> trimmed = new ArrayList<>(values.size());
    for (String v : values) {
      trimmed.add(v.trim().replaceAll("\\s+", " "));
    }
    return String.join(",", trimmed);
  }

  private static String payloadHash(SignedRequest request) {
    return first(request.headers(), "X-Amz-Content-Sha256")
        .filter(v -> !v.isBlank())
        .orElseGet(() -> hex(sha256(request.body() == null ? new byte[0] : request.body())));
  }

  // ---- helpers ----------------------------------------------------------------------------------------------------

  public static Optional<String> first(Map<String, List<String>> headers, String name) {
    List<String> values = all(headers, name);
    return values.isEmpty() ? Optional.empty() : Optional.of(String.join(",", values));
  }

  static List<String> all(Map<String, List<String>> headers, String name) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : new TreeMap<>(headers).entrySet()) {
      if (e.getKey().equalsIgnoreCase(name) && e.getValue() != null) {
        out.addAll(e.getValue());
      }
    }
    return out;
  }

  static Instant parseAmzDate(String amzDate) throws Rejected {
    try {
      return LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new Rejected(400, "IncompleteSignature", "Date must be in ISO-8601 'basic format'. Got '" + amzDate + "'.");
    }
  }

  /** RFC 3986 percent-encoding of everything but the unreserved characters, as SigV4 requires. */
  static String encode(String s) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'
          || c == '~') {
        sb.append(c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return sb.toString();
  }

  private static String decode(String s) {
    return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is always available", e);
    }
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
