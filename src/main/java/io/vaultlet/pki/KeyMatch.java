package io.vaultlet.pki;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/** Whether a private key belongs to a public key (a certificate's): a signature made with one verifies with the other. */
public final class KeyMatch {

  private static final byte[] CHALLENGE = "vaultlet key check".getBytes(StandardCharsets.US_ASCII);

  private KeyMatch() {}

  /** True when {@code key} signs what {@code pub} verifies; false for a mismatch or an unsupported algorithm. */
  public static boolean matches(PrivateKey key, PublicKey pub) {
    String alg = KeySpec.signatureAlgorithm(key).orElse(null);
    if (alg == null) {
      return false;
    }
    try {
      Signature signer = Signature.getInstance(alg);
      signer.initSign(key);
      signer.update(CHALLENGE);
      byte[] sig = signer.sign();
      Signature verifier = Signature.getInstance(alg);
      verifier.initVerify(pub);
      verifier.update(CHALLENGE);
      return verifier.verify(sig);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }
}
