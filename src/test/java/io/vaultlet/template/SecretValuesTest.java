package io.vaultlet.template;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretValuesTest {

  @Test
  void registrationMemoryComparesValuesByIdentity() {
    SecretValues.IdentityWeakSet set = new SecretValues.IdentityWeakSet();
    PemEncoded first = new PemEncoded("cert", "key-material", "ca", null);
    PemEncoded equalButNew = new PemEncoded("cert", "key-material", "ca", null);
    set.add(first);
    assertThat(set.contains(first)).isTrue();
    assertThat(set.contains(equalButNew)).isFalse();
    set.add(first);
    assertThat(set.size()).isEqualTo(1);
  }
}
