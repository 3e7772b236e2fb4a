package io.vaultlet.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Keys and certificate requests made on this machine, read back with bcpkix's own parsers. */
class LocalKeysTest {

  static Stream<Arguments> specs() {
    return Stream.of(
        Arguments.of(new KeySpec("rsa", 2048), "SHA256WITHRSA"),
        Arguments.of(new KeySpec("rsa", 4096), "SHA256WITHRSA"),
        Arguments.of(new KeySpec("ec", 256), "SHA256WITHECDSA"),
        Arguments.of(new KeySpec("ec", 384), "SHA384WITHECDSA"));
  }

  @ParameterizedTest
  @MethodSource("specs")
  void generatedKeysHaveTheAskedTypeAndSizeAndEncodeAsVaultDoes(KeySpec spec, String signature) throws Exception {
    KeyPair key = LocalKeys.generate(spec);
    assertThat(KeySpec.of(key.getPublic())).isEqualTo(spec);
    assertThat(spec.matches(key.getPublic())).isTrue();
    if (spec.type().equals("rsa")) {
      assertThat(((RSAPublicKey) key.getPublic()).getModulus().bitLength()).isEqualTo(spec.bits());
    } else {
      assertThat(((ECPublicKey) key.getPublic()).getParams().getCurve().getField().getFieldSize())
          .isEqualTo(spec.bits());
    }

    String der = LocalKeys.privateKeyPem(key, false);
    assertThat(der).startsWith(spec.type().equals("rsa") ? "-----BEGIN RSA PRIVATE KEY-----"
        : "-----BEGIN EC PRIVATE KEY-----").doesNotEndWith("\n");
    assertThat(LocalKeys.typeName(key.getPrivate())).isEqualTo(spec.type());
    try (PEMParser p = new PEMParser(new StringReader(der))) { // PKCS#1 / SEC1 with the public key inside
      KeyPair back = new JcaPEMKeyConverter().getKeyPair((PEMKeyPair) p.readObject());
      assertThat(signsFor(back.getPrivate(), key)).isTrue();
      assertThat(back.getPublic()).isEqualTo(key.getPublic());
    }
    String pkcs8 = LocalKeys.privateKeyPem(key, true);
    assertThat(pkcs8).startsWith("-----BEGIN PRIVATE KEY-----");
    try (PEMParser p = new PEMParser(new StringReader(pkcs8))) {
      PrivateKey back = new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) p.readObject());
      assertThat(signsFor(back, key)).isTrue();
      // a key read back from a file gets its public half recomputed
      assertThat(LocalKeys.publicKey(back)).isEqualTo(key.getPublic());
    }
    assertThat(LocalKeys.publicKey(Pem.parsePrivateKey(der, "test"))).isEqualTo(key.getPublic());

    String csrPem = Csr.pem(key, new Csr.Names("api.svc.test", List.of("api.svc.test", "alt.svc.test"),
        List.of("ops@svc.test"), List.of("10.0.0.7", "::1"), List.of("spiffe://svc.test/api")));
    assertThat(csrPem).startsWith("-----BEGIN CERTIFICATE REQUEST-----").doesNotContain("PRIVATE");
    JcaPKCS10CertificationRequest csr;
    try (PEMParser p = new PEMParser(new StringReader(csrPem))) {
      csr = new JcaPKCS10CertificationRequest((PKCS10CertificationRequest) p.readObject());
    }
    assertThat(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key.getPublic()))).isTrue();
    assertThat(new DefaultAlgorithmNameFinder().getAlgorithmName(csr.getSignatureAlgorithm()))
        .isEqualTo(signature);
    assertThat(csr.getPublicKey()).isEqualTo(key.getPublic());
    assertThat(IETFUtils.valueToString(csr.getSubject().getRDNs(BCStyle.CN)[0].getFirst().getValue()))
        .isEqualTo("api.svc.test");
    assertThat(sans(csr)).containsExactly("2:api.svc.test", "2:alt.svc.test", "1:ops@svc.test", "7:#0a000007",
        "7:#00000000000000000000000000000001", "6:spiffe://svc.test/api");
  }

  @Test
  void aRequestWithoutNamesHasAnEmptySubjectAndNoExtensionRequest() throws Exception {
    KeyPair key = LocalKeys.generate(KeySpec.DEFAULT);
    String csrPem = Csr.pem(key, new Csr.Names("", List.of(), List.of(), List.of(), List.of()));
    try (PEMParser p = new PEMParser(new StringReader(csrPem))) {
      PKCS10CertificationRequest csr = (PKCS10CertificationRequest) p.readObject();
      assertThat(csr.getSubject().getRDNs()).isEmpty();
      assertThat(csr.getAttributes()).isEmpty();
    }
  }

  @Test
  void badIpAddressesAndKeySpecsAreClearErrors() {
    KeyPair key = LocalKeys.generate(KeySpec.DEFAULT);
    assertThatThrownBy(() -> Csr.pem(key, new Csr.Names("a", List.of(), List.of(), List.of("not-an-ip"), List.of())))
        .hasMessage("the value \"not-an-ip\" is not a valid IP address");
    assertThatThrownBy(() -> KeySpec.of("dsa", 0)).hasMessage("key_type must be \"rsa\" or \"ec\", got \"dsa\"");
    assertThatThrownBy(() -> KeySpec.of("rsa", 1024))
        .hasMessage("key_bits 1024 is not supported for rsa keys (one of [2048, 3072, 4096, 8192])");
    assertThatThrownBy(() -> KeySpec.of("ec", 512))
        .hasMessage("key_bits 512 is not supported for ec keys (one of [256, 384, 521])");
    assertThat(KeySpec.of("RSA", 0)).isEqualTo(new KeySpec("rsa", 2048));
    assertThat(KeySpec.of("ec", 0)).isEqualTo(KeySpec.DEFAULT);
  }

  /** True when a signature made with {@code priv} verifies with the public key of {@code original}. */
  private static boolean signsFor(PrivateKey priv, KeyPair original) throws Exception {
    String alg = priv.getAlgorithm().startsWith("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    byte[] msg = "local key".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    java.security.Signature s = java.security.Signature.getInstance(alg);
    s.initSign(priv);
    s.update(msg);
    byte[] sig = s.sign();
    java.security.Signature v = java.security.Signature.getInstance(alg);
    v.initVerify(original.getPublic());
    v.update(msg);
    return v.verify(sig);
  }

  private static List<String> sans(JcaPKCS10CertificationRequest csr) {
    List<String> out = new ArrayList<>();
    for (Attribute a : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
      GeneralNames gns = GeneralNames.fromExtensions(Extensions.getInstance(a.getAttrValues().getObjectAt(0)),
          Extension.subjectAlternativeName);
      for (GeneralName gn : gns.getNames()) {
        out.add(gn.getTagNo() + ":" + gn.getName());
      }
    }
    return out;
  }
}
