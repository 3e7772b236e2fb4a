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
}
