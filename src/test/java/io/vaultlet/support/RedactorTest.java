package io.vaultlet.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactorTest {

  @Test
  void aSecretInsideALongerOneLeavesNothingOfTheLongerOne() {
    String shorter = "Qm7vRedactorTest";
    String longer = shorter + "-and-the-rest-of-a-longer-secret";
    Redactor.register(shorter);
    Redactor.register(longer);
    assertThat(Redactor.redact("a=" + longer + " b=" + shorter))
        .isEqualTo("a=" + Redactor.MASK + " b=" + Redactor.MASK);
  }

  @Test
  void shortValuesAreNotRegistered() {
    Redactor.register("abc");
    assertThat(Redactor.redact("abc")).isEqualTo("abc");
  }

  @Test
  void publicIdentifiersAreNeverMaskedWhateverRegistersThem() {
    String keyId = "AKIAREDACTORTEST0001";
    String secret = "redactor-test-secret-" + System.nanoTime();
    Redactor.register(keyId);
    Redactor.register(secret);
    Redactor.declarePublic(keyId);
    Redactor.register(keyId);
    assertThat(Redactor.redact("old=" + keyId + " secret=" + secret))
        .isEqualTo("old=" + keyId + " secret=" + Redactor.MASK);
  }

  @Test
  void maskSharedMasksWholeValuesPrefixesSuffixesAndEscapedFormsButKeepsTheRest() {
    String v = "2024-13-45Tsecret-rest";
    assertThat(Redactor.maskShared("parsing time \"" + v + "\" as \"2006-01-02\": cannot parse \"Tsecret-rest\" as"
        + " \"\"", java.util.List.of(v)))
        .isEqualTo("parsing time \"[redacted]\" as \"2006-01-02\": cannot parse \"[redacted]\" as \"\"");
    assertThat(Redactor.maskShared("parsing \"a\\nb-secret\": invalid syntax", java.util.List.of("a\\nb-secret")))
        .isEqualTo("parsing \"[redacted]\": invalid syntax");
    assertThat(Redactor.maskShared("parsing \"ab\": invalid syntax; ab", java.util.List.of("ab")))
        .isEqualTo("parsing \"[redacted]\": invalid syntax; ab");
    assertThat(Redactor.maskShared("nothing shared here", java.util.List.of("zzzzqqqq"))).isEqualTo(
        "nothing shared here");
  }

  @Test
  void aTreeRegistersItsSecretLeavesByOneRule() {
    String run = Long.toString(System.nanoTime(), 36);
    String key = "-----BEGIN EC PRIVATE KEY-----\nKEYLINE1" + run + "\nKEYLINE2" + run
        + "\n-----END EC PRIVATE KEY-----\n";
    String cert = "-----BEGIN CERTIFICATE-----\nCERTLINE" + run + "\n-----END CERTIFICATE-----";
    String serial = "5e:r1:" + run;
    String multi = "line-one-" + run + "\nline-two";
    Redactor.registerTree(java.util.Map.of("private_key", key, "certificate", cert, "serial_number", serial,
        "nested", java.util.Map.of("flag", "true", "list", java.util.List.of("listed-" + run, 12345), "m", multi),
        "cert_elsewhere", cert), Redactor.SECRET_FIELDS);
    assertThat(Redactor.redact(key.strip())).isEqualTo(Redactor.MASK);
    assertThat(Redactor.redact(key.strip().replace("\n", "\\n"))).isEqualTo(Redactor.MASK);
    assertThat(Redactor.redact("KEYLINE2" + run)).isEqualTo(Redactor.MASK);
    assertThat(Redactor.redact(cert + " " + serial)).isEqualTo(cert + " " + serial);
    assertThat(Redactor.redact("listed-" + run + " true 12345")).isEqualTo(Redactor.MASK + " true 12345");
    assertThat(Redactor.redact("\"" + multi.replace("\n", "\\n") + "\"")).isEqualTo("\"" + Redactor.MASK + "\"");
  }

  @Test
  void aPemBundleRegistersTheLinesOfItsKeyOnly() {
    String run = Long.toString(System.nanoTime(), 36);
    String bundle = "-----BEGIN CERTIFICATE-----\nBUNDLECERT" + run + "\n-----END CERTIFICATE-----\n"
        + "-----BEGIN PRIVATE KEY-----\nBUNDLEKEY" + run + "\n-----END PRIVATE KEY-----\n";
    Redactor.registerPem(bundle);
    assertThat(Redactor.redact("BUNDLEKEY" + run)).isEqualTo(Redactor.MASK);
    assertThat(Redactor.redact("BUNDLECERT" + run)).isEqualTo("BUNDLECERT" + run);
  }

  @Test
  void redactWithValuesMasksThemAndTheRegisteredOnesInOnePassButNotPublicOrShortOnes() {
    String registered = "registered-" + System.nanoTime();
    String given = "given-value-" + System.nanoTime();
    String publicId = "AKIAREDACTORTEST0002";
    Redactor.register(registered);
    Redactor.declarePublic(publicId);
    assertThat(Redactor.redact(registered + " " + given + " " + publicId + " abc",
        java.util.List.of(given, publicId, "abc", given + "-longer")))
        .isEqualTo(Redactor.MASK + " " + Redactor.MASK + " " + publicId + " abc");
  }
}
