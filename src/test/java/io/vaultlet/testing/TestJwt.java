package io.vaultlet.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JWTs in tests, written from RFC 7515/7519 with the JDK only (sharing no code with what they check): RS256 signing,
 * decoding, verification, and the key formats cloud providers publish (PKCS#8 PEM, X.509 PEM, JWK).
 */
public final class TestJwt {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private TestJwt() {}

  public static String sign(Map<String, Object> header, Map<String, Object> claims, PrivateKey key) {
    try {
      Map<String, Object> h = new LinkedHashMap<>(header);
      h.putIfAbsent("alg", "RS256");
      String input = B64.encodeToString(JSON.writeValueAsBytes(h)) + "." + B64.encodeToString(JSON.writeValueAsBytes(
          claims));
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(key);
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + B64.encodeToString(s.sign());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  public static Map<String, Object> header(String jwt) {
    return part(jwt, 0);
  }

  public static Map<String, Object> claims(String jwt) {
    return part(jwt, 1);
  }

  public static boolean verifies(String jwt, PublicKey key) {
    String[] p = jwt.split("\\.");
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initVerify(key);
      s.update((p[0] + "." + p[1]).getBytes(StandardCharsets.US_ASCII));
      return s.verify(Base64.getUrlDecoder().decode(p[2]));
    } catch (Exception e) {
      return false;
    }
  }

  /** The same token with one claim changed and the original signature kept (so it no longer verifies). */
  public static String tamper(String jwt, String claim, Object value) {
    String[] p = jwt.split("\\.");
    Map<String, Object> claims = new LinkedHashMap<>(claims(jwt));
    claims.put(claim, value);
    try {
      return p[0] + "." + B64.encodeToString(JSON.writeValueAsBytes(claims)) + "." + p[2];
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  public static PrivateKey pkcs8(String pem) {
    try {
      String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  public static PublicKey certificateKey(String pem) {
    try {
      return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(
          pem.getBytes(StandardCharsets.US_ASCII))).getPublicKey();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  public static PublicKey jwkKey(Map<String, Object> jwk) {
    try {
      BigInteger n = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.get("n").toString()));
      BigInteger e = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.get("e").toString()));
      return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
    } catch (Exception ex) {
      throw new AssertionError(ex);
    }
  }

  private static Map<String, Object> part(String jwt, int i) {
    try {
      return JSON.readValue(Base64.getUrlDecoder().decode(jwt.split("\\.")[i]),
          new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
