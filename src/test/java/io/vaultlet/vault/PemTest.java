package io.vaultlet.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vaultlet.pki.Pem;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTest {

  @TempDir Path dir;

  @Test
  void readsEveryCertificateOfABundleAndSkipsOtherBlocks() throws Exception {
    TestPki a = TestPki.create("a");
    TestPki b = TestPki.create("b");
    KeyPair kp = TestPki.ec();
    Path bundle = TestPki.writeCerts(dir.resolve("bundle.pem"), a.ca.cert(), b.ca.cert());
    TestPki.writePkcs8Key(dir.resolve("k.pem"), kp.getPrivate());
    Files.writeString(bundle, Files.readString(dir.resolve("k.pem")) + Files.readString(bundle));

    assertThat(Pem.readCertificates(bundle)).extracting(c -> c.getSubjectX500Principal().getName())
        .containsExactly("CN=a", "CN=b");
  }

  @Test
  void readsRsaAndEcKeysInEachEncoding() throws Exception {
    KeyPair rsa = TestPki.rsa();
    KeyPair ec = TestPki.ec();

    assertThat(Pem.readPrivateKey(TestPki.writeTraditionalKey(dir.resolve("rsa1.pem"), rsa)))
        .isEqualTo(rsa.getPrivate());
    assertThat(Pem.readPrivateKey(TestPki.writePkcs8Key(dir.resolve("rsa8.pem"), rsa.getPrivate())))
        .isEqualTo(rsa.getPrivate());
    assertThat(((ECPrivateKey) Pem.readPrivateKey(TestPki.writeTraditionalKey(dir.resolve("ec1.pem"), ec))).getS())
        .isEqualTo(((ECPrivateKey) ec.getPrivate()).getS());
    assertThat(Pem.readPrivateKey(TestPki.writePkcs8Key(dir.resolve("ec8.pem"), ec.getPrivate())).getAlgorithm())
        .isEqualTo("EC");
  }

  @Test
  void anEncryptedKeyIsRejectedWithAHint() throws Exception {
    KeyPair rsa = TestPki.rsa();
    StringWriter sw = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
      w.writeObject(new JcaPKCS8Generator(rsa.getPrivate(),
          new JceOpenSSLPKCS8EncryptorBuilder(PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC)
              .setPassword("pw".toCharArray()).build()));
    }
    Path key = Files.writeString(dir.resolve("enc.pem"), sw.toString());

    assertThatThrownBy(() -> Pem.readPrivateKey(key)).isInstanceOf(IOException.class)
        .hasMessageContaining("encrypted").hasMessageContaining(key.toString());
  }

  @Test
  void fileWithoutPemBlocksIsAnError() throws Exception {
    Path f = Files.writeString(dir.resolve("empty.pem"), "nothing here\n");

    assertThatThrownBy(() -> Pem.readCertificates(f)).hasMessageContaining("no PEM certificate");
    assertThatThrownBy(() -> Pem.readPrivateKey(f)).hasMessageContaining("no PEM private key");
  }

  @Test
  void readsPublicKeysAndTheKeysOfCertificates() throws Exception {
    KeyPair rsa = TestPki.rsa();
    TestPki ca = TestPki.create("ca");
    String pem = pem(rsa.getPublic()) + pem(ca.ca.cert());

    assertThat(Pem.parsePublicKeys(pem, "keys")).containsExactly(rsa.getPublic(), ca.ca.cert().getPublicKey());
  }

  @Test
  void aPrivateKeyWhereAPublicKeyBelongsIsAnError() throws Exception {
    KeyPair ec = TestPki.ec();
    assertThatThrownBy(() -> Pem.parsePublicKeys(pem(ec.getPublic()) + pem(ec.getPrivate()), "keys"))
        .isInstanceOf(IOException.class)
        .hasMessage("unsupported PEM block in keys: expected a public key or a certificate");
    assertThatThrownBy(() -> Pem.parsePublicKeys("not pem", "keys"))
        .hasMessage("no PEM-encoded public key found in keys");
  }

  @Test
  void readsACertificateRequestAndNothingElse() throws Exception {
    KeyPair kp = TestPki.ec();
    org.bouncycastle.pkcs.PKCS10CertificationRequest csr =
        new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder(
            new org.bouncycastle.asn1.x500.X500Name("CN=app"), kp.getPublic())
            .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA")
                .build(kp.getPrivate()));

    assertThat(Pem.parseCsr(pem(csr), "csr").getSubject().toString()).isEqualTo("CN=app");
    assertThat(Pem.parseCsr(pem(csr), "csr").getPublicKey()).isEqualTo(kp.getPublic());
    assertThatThrownBy(() -> Pem.parseCsr(pem(kp.getPublic()), "csr"))
        .hasMessage("no PEM certificate request at the start of csr");
  }

  private static String pem(Object o) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(o);
    }
    return out.toString();
  }
}
