package io.vaultlet.auth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A from-the-spec SigV4 signature for requests without query strings, written for the tests only so that the
 * production request (signed by the AWS SDK) is checked by an independent computation. Checked itself against AWS's
 * published {@code get-vanilla} vector.
 */
final class ReferenceSigV4 {

  private ReferenceSigV4() {}

  /**
   * The hex signature of {@code method url} with {@code headers} (names any case; only {@code signedHeaders} are
   * used, {@code host} taken from the URL when absent) and {@code body}.
   */
  static String signature(String method, String url, Map<String, List<String>> headers, List<String> signedHeaders,
      String body, String secretKey, String date, String region, String service) throws Exception {
    Map<String, String> lower = new TreeMap<>();
    headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), String.join(",", v).trim()));
    lower.putIfAbsent("host", URI.create(url).getHost());
    StringBuilder canonicalHeaders = new StringBuilder();
    for (String h : signedHeaders) {
      canonicalHeaders.append(h).append(':').append(lower.get(h)).append('\n');
    }
    String path = URI.create(url).getRawPath();
    String canonical = method + "\n" + (path.isEmpty() ? "/" : path) + "\n\n" + canonicalHeaders + "\n"
        + String.join(";", signedHeaders) + "\n" + hex(sha256(body.getBytes(StandardCharsets.UTF_8)));
    String amzDate = lower.get("x-amz-date");
    String scope = date + "/" + region + "/" + service + "/aws4_request";
    String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
        + hex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
    byte[] k = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
    k = hmac(k, region);
    k = hmac(k, service);
    k = hmac(k, "aws4_request");
    return hex(hmac(k, toSign));
  }

  private static byte[] sha256(byte[] b) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(b);
  }

  private static byte[] hmac(byte[] key, String data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
