package io.vaultlet.dev.cloud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compact JWS for the cloud stand-ins and the auth methods that check their tokens: RS256 signing, parsing without
 * trusting, and signature verification with an RSA public key (JDK crypto only).
 */
public final class Jws {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private Jws() {}

  /** A token that is not a compact JWS with JSON header and claims; the message says what is wrong. */
  public static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * A parsed, not yet verified token.
   *
   * @param header the protected header
   * @param claims the payload as a JSON object
   * @param signingInput {@code base64url(header) "." base64url(payload)}
   * @param signature the decoded signature bytes
   */
  public record Token(Map<String, Object> header, Map<String, Object> claims, String signingInput, byte[] signature) {

    public String alg() {
      return String.valueOf(header.get("alg"));
    }

    /** The {@code kid} header, or empty. */
    public String kid() {
      Object k = header.get("kid");
      return k == null ? "" : k.toString();
    }

    /** A string claim, or empty. */
    public String claim(String name) {
      Object v = claims.get(name);
      return v == null ? "" : v.toString();
    }

    /** A numeric date claim ({@code exp}, {@code iat}, {@code nbf}) in epoch seconds, or null. */
    public Long time(String name) {
      return claims.get(name) instanceof Number n ? n.longValue() : null;
    }

    /** The {@code aud} claim as a list (it may be a string or an array). */
    public List<String> audiences() {
      return Jws.audiences(claims);
    }

    /** Whether {@code key} verifies this token's RS256 signature (false for any other {@code alg}). */
    public boolean verifiedBy(PublicKey key) {
      if (!"RS256".equals(alg()) || !(key instanceof RSAPublicKey)) {
        return false;
      }
      try {
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initVerify(key);
        s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return s.verify(signature);
      } catch (GeneralSecurityException e) {
        return false;
      }
    }
  }

  /** The {@code aud} claim of {@code claims} as a list (it may be a string or an array). */
  public static List<String> audiences(Map<String, Object> claims) {
    Object aud = claims.get("aud");
    List<String> out = new ArrayList<>();
    if (aud instanceof List<?> l) {
      l.forEach(a -> out.add(String.valueOf(a)));
    } else if (aud != null) {
      out.add(aud.toString());
    }
    return out;
  }

  /** Signs {@code claims} with RS256; {@code header} gets {@code alg} first, then its own entries. */
  public static String signRs256(Map<String, Object> header, Map<String, Object> claims, PrivateKey key) {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("alg", "RS256");
    h.putAll(header);
    String input = part(h) + "." + part(claims);
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(key);
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + B64URL.encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RS256 signing failed: " + e.getMessage(), e);
    }
  }

  /** Splits and decodes a compact JWS; nothing is verified. */
  public static Token parse(String compact) throws Malformed {
    String[] parts = compact == null ? new String[0] : compact.trim().split("\\.", -1);
    if (parts.length != 3) {
      throw new Malformed("compact JWS format must have three parts");
    }
    Map<String, Object> header = json(parts[0], "header");
    Map<String, Object> claims = json(parts[1], "payload");
    return new Token(header, claims, parts[0] + "." + parts[1], decode(parts[2], "signature"));
  }

  private static String part(Map<String, Object> value) {
    try {
      return B64URL.encodeToString(JSON.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode JSON", e);
    }
  }

  private static Map<String, Object> json(String part, String what) throws Malformed {
    try {
      return JSON.readValue(decode(part, what), new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (IOException e) {
      throw new Malformed("the " + what + " is not a JSON object");
    }
  }

  private static byte[] decode(String part, String what) throws Malformed {
    try {
      return Base64.getUrlDecoder().decode(part);
    } catch (IllegalArgumentException e) {
      throw new Malformed("the " + what + " is not base64url");
    }
  }

  /** Standard base64url without padding (JWK numbers, thumbprints). */
  static String b64url(byte[] bytes) {
    return B64URL.encodeToString(bytes);
  }
}
