package io.vaultlet.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import org.junit.jupiter.api.Test;

/** Which signature a key makes: the one rule the TLS check's key match and Sprig's certificate generators share. */
class KeySpecTest {

  private static KeyPair pair(String algorithm, int bits) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
    if (bits > 0) {
      g.initialize(bits);
    }
    return g.generateKeyPair();
  }

  @Test
  void rsaEcdsaAndEd25519KeysSignWithSha256OrEd25519AndOthersWithNothing() throws Exception {
    KeyPair rsa = pair("RSA", 2048);
    assertThat(KeySpec.signatureAlgorithm(rsa.getPrivate())).contains("SHA256withRSA");
    assertThat(KeySpec.signatureAlgorithm(rsa.getPublic())).contains("SHA256withRSA");
    assertThat(KeySpec.signatureAlgorithm(pair("EC", 256).getPrivate())).contains("SHA256withECDSA");
    assertThat(KeySpec.signatureAlgorithm(pair("Ed25519", 0).getPrivate())).contains("Ed25519");
    KeyPair dsa = pair("DSA", 2048);
    assertThat(KeySpec.signatureAlgorithm(dsa.getPrivate())).isEmpty();
    assertThat(KeyMatch.matches(dsa.getPrivate(), dsa.getPublic())).as("unsupported: no match").isFalse();
    assertThat(KeyMatch.matches(rsa.getPrivate(), rsa.getPublic())).isTrue();
    assertThat(KeyMatch.matches(rsa.getPrivate(), pair("RSA", 2048).getPublic())).isFalse();
  }
}
