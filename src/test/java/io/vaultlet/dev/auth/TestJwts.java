package io.vaultlet.dev.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/** Signs test JWTs (RS256, ES256) the way an identity provider or the Kubernetes API server does. */
final class TestJwts {

  private TestJwts() {}

  static KeyPair rsa() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  static KeyPair ec() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  static String pem(PublicKey key) throws Exception {
    StringWriter sw = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
      w.writeObject(key);
    }
    return sw.toString();
  }

  static String sign(PrivateKey key, Map<String, Object> claims) throws Exception {
    boolean ec = "EC".equals(key.getAlgorithm());
    ObjectMapper json = new ObjectMapper();
    String header = b64(json.writeValueAsBytes(Map.of("alg", ec ? "ES256" : "RS256", "typ", "JWT", "kid", "test")));
    String payload = b64(json.writeValueAsBytes(claims));
    Signature s = Signature.getInstance(ec ? "SHA256withECDSAinP1363Format" : "SHA256withRSA");
    s.initSign(key);
    s.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
    return header + "." + payload + "." + b64(s.sign());
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
