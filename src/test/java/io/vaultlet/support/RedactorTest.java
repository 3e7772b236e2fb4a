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
}
