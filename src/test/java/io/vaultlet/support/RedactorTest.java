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
}
