package io.vaultlet.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.vault.TestPki;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HostnameMatcherTest {

  static X509Certificate cert;
  static X509Certificate tld;
  static X509Certificate cnOnly;

  @BeforeAll
  static void issue() {
    TestPki pki = TestPki.create("ca");
    cert = pki.server("only-cn.example", "vault.example.com", "*.vault.internal", "10.0.0.5").cert();
    tld = pki.server("wild", "*.com").cert();
    cnOnly = pki.server("db.internal").cert();
  }

  @Test
  void matchesDnsNamesCaseInsensitivelyAndWithATrailingDot() {
    assertThat(HostnameMatcher.matches(cert, "vault.example.com")).isTrue();
    assertThat(HostnameMatcher.matches(cert, "VAULT.Example.com.")).isTrue();
    assertThat(HostnameMatcher.matches(cert, "example.com")).isFalse();
  }

  @Test
  void aWildcardCoversExactlyOneLeftMostLabel() {
    assertThat(HostnameMatcher.matches(cert, "node1.vault.internal")).isTrue();
    assertThat(HostnameMatcher.matches(cert, "a.b.vault.internal")).isFalse();
    assertThat(HostnameMatcher.matches(cert, "vault.internal")).isFalse();
  }

  @Test
  void ipAddressesMatchOnlyIpSans() {
    assertThat(HostnameMatcher.matches(cert, "10.0.0.5")).isTrue();
    assertThat(HostnameMatcher.matches(cert, "10.0.0.6")).isFalse();
  }

  @Test
  void theCommonNameIsIgnoredAsInGo() {
    assertThat(HostnameMatcher.matches(cert, "only-cn.example")).isFalse();
  }

  @Test
  void aWildcardNeverStandsForAWholeSuffix() {
    assertThat(HostnameMatcher.matches(tld, "example.com")).isFalse();
    assertThat(HostnameMatcher.matches(tld, "com")).isFalse();
  }

  @Test
  void aCertificateWithoutAlternativeNamesCoversNothingAndSaysSo() {
    assertThat(HostnameMatcher.matches(cnOnly, "db.internal")).isFalse();
    assertThat(HostnameMatcher.names(cnOnly)).isEqualTo("no subject alternative names; the common name is not used");
    assertThat(HostnameMatcher.names(cert)).isEqualTo("vault.example.com, *.vault.internal, 10.0.0.5");
  }
}
