package io.vaultlet.dev.auth;

import io.vaultlet.dev.cloud.Jws;
import io.vaultlet.pki.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compact JWS verification for the {@code jwt} and {@code kubernetes} methods: parsed by {@link Jws}, then
 * RS256/384/512 and ES256/384 against PEM public keys (or certificates), then the time claims with a leeway. Claims
 * come back as plain maps.
 */
final class JwtVerifier {

  /** A token that failed verification; the message is the detail Vault puts after {@code error validating token: }. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  private JwtVerifier() {}

  /** Parses PEM public keys ({@code PUBLIC KEY}, {@code RSA PUBLIC KEY}) or certificates. */
  static List<PublicKey> parseKeys(List<String> pems) {
    List<PublicKey> out = new ArrayList<>();
    for (int i = 0; i < pems.size(); i++) {
      try {
        out.addAll(Pem.parsePublicKeys(pems.get(i), "public key " + (i + 1)));
      } catch (IOException e) {
        throw new IllegalArgumentException("error parsing public key: " + e.getMessage());
      }
    }
    return out;
  }

  /** Verifies the signature with any of {@code keys}, then exp/nbf/iat with {@code leeway}; returns the claims. */
  static Map<String, Object> verify(String jwt, List<PublicKey> keys, Instant now, Duration leeway) throws Invalid {
    Jws.Token token;
    try {
      token = Jws.parse(jwt);
    } catch (Jws.Malformed e) {
      throw new Invalid(e.getMessage());
    }
    Map<String, Object> claims = token.claims();
    String alg = token.alg();
    String javaAlg = switch (alg) {
      case "RS256" -> "SHA256withRSA";
      case "RS384" -> "SHA384withRSA";
      case "RS512" -> "SHA512withRSA";
      case "ES256" -> "SHA256withECDSAinP1363Format";
      case "ES384" -> "SHA384withECDSAinP1363Format";
      default -> throw new Invalid("unsupported signing algorithm \"" + alg + "\"");
    };
    byte[] signed = token.signingInput().getBytes(StandardCharsets.US_ASCII);
    byte[] signature = token.signature();
    boolean ok = false;
    for (PublicKey key : keys) {
      if (alg.startsWith("RS") && !(key instanceof RSAPublicKey) || alg.startsWith("ES") && !(key instanceof ECPublicKey)) {
        continue;
      }
      try {
        Signature s = Signature.getInstance(javaAlg);
        s.initVerify(key);
        s.update(signed);
        if (s.verify(signature)) {
          ok = true;
          break;
        }
      } catch (GeneralSecurityException e) {
        // try the next key
      }
    }
    if (!ok) {
      throw new Invalid("failed to verify id token signature");
    }
    Long exp = number(claims.get("exp"));
    if (exp != null && now.isAfter(Instant.ofEpochSecond(exp).plus(leeway))) {
      throw new Invalid("token is expired (exp)");
    }
    Long nbf = number(claims.get("nbf"));
    if (nbf != null && now.plus(leeway).isBefore(Instant.ofEpochSecond(nbf))) {
      throw new Invalid("token not valid yet (nbf)");
    }
    Long iat = number(claims.get("iat"));
    if (iat != null && now.plus(leeway).isBefore(Instant.ofEpochSecond(iat))) {
      throw new Invalid("token issued in the future (iat)");
    }
    return claims;
  }

  private static Long number(Object v) {
    if (v instanceof Number n) {
      return n.longValue();
    }
    return null;
  }
}
