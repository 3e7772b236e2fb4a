package io.vaultlet.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAPrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;

/**
 * The {@code sprig_*} functions whose output is random (so Go cannot give a golden): each is checked for the
 * properties Sprig's code guarantees — ranges, permutations, bcrypt hashes that verify, PEM keys of the right type
 * and size, certificates with the requested names, issuer, usages and validity, AES that round-trips.
 */
class SprigPropertiesTest {

  private static String render(String template) throws Exception {
    return render(template, null);
  }

  private static String render(String template, Object data) throws Exception {
    return Template.builder("t", template).build().execute(new MemoryBrain(), Map.of(), data).output();
  }

  private static X509Certificate cert(String pem) throws Exception {
    return (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void randIntStaysInItsHalfOpenRangeAndVaries() throws Exception {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      String v = render("{{ sprig_randInt 3 7 }}");
      assertThat(Long.parseLong(v)).isBetween(3L, 6L);
      seen.add(v);
    }
    assertThat(seen).containsExactlyInAnyOrder("3", "4", "5", "6");
    assertThat(render("{{ sprig_randInt -5 -4 }}")).isEqualTo("-5");
    assertThatThrownBy(() -> render("{{ sprig_randInt 5 5 }}")).hasMessageContaining("invalid argument to Intn");
  }

  @Test
  void shuffleIsAPermutationOfTheRunes() throws Exception {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      String s = render("{{ sprig_shuffle \"héllo wörld\" }}");
      assertThat(s.codePoints().sorted().toArray()).isEqualTo("héllo wörld".codePoints().sorted().toArray());
      seen.add(s);
    }
    assertThat(seen).hasSizeGreaterThan(1);
    assertThat(render("[{{ sprig_shuffle \"\" }}]")).isEqualTo("[]");
  }

  @Test
  void bcryptAndHtpasswdVerifyWithCostTenAndFreshSalts() throws Exception {
    String a = render("{{ sprig_bcrypt \"correct horse\" }}");
    String b = render("{{ sprig_bcrypt \"correct horse\" }}");
    assertThat(a).startsWith("$2a$10$").hasSize(60).isNotEqualTo(b);
    assertThat(OpenBSDBCrypt.checkPassword(a, "correct horse".toCharArray())).isTrue();
    assertThat(OpenBSDBCrypt.checkPassword(a, "wrong".toCharArray())).isFalse();
    String line = render("{{ sprig_htpasswd \"admin\" \"s3cret\" }}");
    assertThat(line).startsWith("admin:$2a$10$");
    assertThat(OpenBSDBCrypt.checkPassword(line.substring("admin:".length()), "s3cret".toCharArray())).isTrue();
    assertThat(render("{{ sprig_bcrypt \"" + "x".repeat(73) + "\" }}")).contains("password length exceeds 72 bytes");
  }

  @Test
  void encryptAesRoundTripsWithARandomIv() throws Exception {
    String c1 = render("{{ sprig_encryptAES \"k3y\" \"attack at dawn\" }}");
    String c2 = render("{{ sprig_encryptAES \"k3y\" \"attack at dawn\" }}");
    assertThat(c1).isNotEqualTo(c2);
    assertThat(Base64.getDecoder().decode(c1)).hasSize(32); // IV + one padded block
    assertThat(render("{{ sprig_decryptAES \"k3y\" .c }}", Map.of("c", c1))).isEqualTo("attack at dawn");
    assertThat(render("{{ sprig_encryptAES \"k3y\" \"x\" | sprig_decryptAES \"k3y\" }}")).isEqualTo("x");
    assertThat(render("{{ sprig_encryptAES .long \"sixteen bytes!!!\" | sprig_decryptAES .long }}",
        Map.of("long", "a-password-much-longer-than-thirty-two-bytes"))).isEqualTo("sixteen bytes!!!");
  }

  @Test
  void genPrivateKeyWritesThePemBlocksGoWrites() throws Exception {
    String rsa = render("{{ sprig_genPrivateKey \"rsa\" }}");
    assertThat(rsa).startsWith("-----BEGIN RSA PRIVATE KEY-----\n").endsWith("-----END RSA PRIVATE KEY-----\n");
    assertThat(((RSAPrivateCrtKey) SprigKeys.parseKey(rsa, "").getPrivate()).getModulus().bitLength()).isEqualTo(4096);
    assertThat(render("{{ sprig_genPrivateKey \"\" }}")).startsWith("-----BEGIN RSA PRIVATE KEY-----");

    String ec = render("{{ sprig_genPrivateKey \"ecdsa\" }}");
    assertThat(ec).startsWith("-----BEGIN EC PRIVATE KEY-----\n");
    assertThat(((ECPrivateKey) SprigKeys.parseKey(ec, "").getPrivate()).getParams().getCurve().getField()
        .getFieldSize()).isEqualTo(256);

    String ed = render("{{ sprig_genPrivateKey \"ed25519\" }}");
    assertThat(ed).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(SprigKeys.parseKey(ed, "").getPrivate().getAlgorithm()).isIn("Ed25519", "EdDSA");

    String dsa = render("{{ sprig_genPrivateKey \"dsa\" }}");
    assertThat(dsa).startsWith("-----BEGIN DSA PRIVATE KEY-----\n");
    DSAPrivateKey d = (DSAPrivateKey) SprigKeys.parseKey(dsa, "").getPrivate();
    assertThat(d.getParams().getP().bitLength()).isEqualTo(2048);
    assertThat(d.getParams().getQ().bitLength()).isEqualTo(256);

    assertThat(rsa).isNotEqualTo(render("{{ sprig_genPrivateKey \"rsa\" }}"));
  }

  @Test
  void genCaIsASelfSignedCaWithTheRequestedNameAndValidity() throws Exception {
    String out = render("{{ $ca := sprig_genCA \"my-ca\" 30 }}{{ $ca.Cert }}\n{{ $ca.Key }}");
    X509Certificate c = cert(out);
    assertThat(c.getSubjectX500Principal().getName()).isEqualTo("CN=my-ca");
    assertThat(c.getIssuerX500Principal()).isEqualTo(c.getSubjectX500Principal());
    assertThat(c.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(c.getKeyUsage()[5]).as("keyCertSign").isTrue();
    c.verify(c.getPublicKey());
    Duration validity = Duration.between(c.getNotBefore().toInstant(), c.getNotAfter().toInstant());
    assertThat(validity).isBetween(Duration.ofDays(30).minusSeconds(2), Duration.ofDays(30).plusSeconds(2));
    assertThat(c.getNotBefore().toInstant()).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
    assertThat(c.getSerialNumber()).isPositive().isLessThan(BigInteger.ONE.shiftLeft(128));
    assertThat(out).contains("-----BEGIN RSA PRIVATE KEY-----");
  }

  @Test
  void signedCertificatesCarryTheirNamesAndChainToTheCa() throws Exception {
    String out = render("""
        {{- $ca := sprig_genCA "ca" 10 -}}
        {{- $c := sprig_genSignedCert "web" (sprig_list "10.0.0.1" "::1") (sprig_list "web.example" "www.example") 5 $ca -}}
        {{ $ca.Cert }}|{{ $c.Cert }}|{{ $c.Key }}""");
    String[] parts = out.split("\\|");
    X509Certificate ca = cert(parts[0]);
    X509Certificate leaf = cert(parts[1]);
    leaf.verify(ca.getPublicKey());
    assertThat(leaf.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
    assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=web");
    assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
    assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    assertThat(leaf.getSubjectAlternativeNames()).extracting(l -> l.get(1).toString())
        .containsExactlyInAnyOrder("web.example", "www.example", "10.0.0.1", "0:0:0:0:0:0:0:1");
    PublicKey fromKey = SprigKeys.parseKey(parts[2], "").getPublic();
    assertThat(fromKey).isEqualTo(leaf.getPublicKey());
  }

  @Test
  void selfSignedAndWithKeyFormsUseTheGivenKey() throws Exception {
    String key = render("{{ sprig_genPrivateKey \"ecdsa\" }}");
    String out = render("""
        {{- $c := sprig_genSelfSignedCertWithKey "host" nil (sprig_list "host.local") 1 .key -}}
        {{- $ca := sprig_genCAWithKey "ca" 1 .key -}}
        {{- $s := sprig_genSignedCertWithKey "leaf" nil nil 1 $ca .key -}}
        {{ $c.Cert }}|{{ $c.Key }}|{{ $s.Cert }}""", Map.of("key", key));
    String[] parts = out.split("\\|");
    X509Certificate self = cert(parts[0]);
    self.verify(self.getPublicKey());
    assertThat(self.getPublicKey()).isEqualTo(SprigKeys.parseKey(key, "").getPublic());
    assertThat(parts[1]).isEqualTo(key);
    assertThat(self.getSubjectAlternativeNames()).extracting(l -> l.get(1).toString()).containsExactly("host.local");
    assertThat(cert(parts[2]).getSigAlgName()).isEqualTo("SHA256withECDSA");
    String self2 = render("{{ (sprig_genSelfSignedCert \"x\" nil nil 1).Cert }}");
    cert(self2).verify(cert(self2).getPublicKey());
  }

  @Test
  void buildCustomCertChecksBothHalves() throws Exception {
    String ca = render("{{ $c := sprig_genCA \"ca\" 1 }}{{ sprig_b64enc $c.Cert }} {{ sprig_b64enc $c.Key }}");
    String[] b64 = ca.split(" ");
    String built = render("{{ $c := sprig_buildCustomCert .cert .key }}{{ $c.Cert }}",
        Map.of("cert", b64[0], "key", b64[1]));
    assertThat(built).isEqualTo(new String(Base64.getDecoder().decode(b64[0]), StandardCharsets.UTF_8));
    assertThatThrownBy(() -> render("{{ sprig_buildCustomCert \"!!\" \"\" }}"))
        .hasMessageContaining("unable to decode base64 certificate");
    assertThatThrownBy(() -> render("{{ sprig_buildCustomCert .cert \"bm9wZQ==\" }}", Map.of("cert", b64[0])))
        .hasMessageContaining("error parsing private key: no PEM data in input");
  }

  private static final Instant FIXED = Instant.parse("2030-05-01T10:00:00Z");

  /** Renders with the template's clock fixed at {@link #FIXED}, as {@code template render} with a fixed clock does. */
  private static String renderAtFixedTime(String template) throws Exception {
    return Template.builder("t", template).clock(Clock.fixed(FIXED, ZoneOffset.UTC)).build()
        .execute(new MemoryBrain(), Map.of(), null).output();
  }

  @Test
  void agoAndDurationRoundMeasureFromTheTemplatesClock() throws Exception {
    String time = "(sprig_toDate \"2006-01-02T15:04:05Z07:00\" \"2030-04-29T09:30:00Z\")";
    assertThat(renderAtFixedTime("{{ " + time + " | sprig_ago }}")).isEqualTo("48h30m0s");
    assertThat(renderAtFixedTime("{{ " + time + " | sprig_durationRound }}")).isEqualTo("2d");
    assertThat(renderAtFixedTime("{{ sprig_ago 1903859400 }}")).as("seconds since the epoch").isEqualTo("10m0s");
  }

  @Test
  void generatedCertificatesAreValidFromTheTemplatesClock() throws Exception {
    String out = renderAtFixedTime("""
        {{- $ca := sprig_genCA "ca" 30 -}}
        {{- $self := sprig_genSelfSignedCert "self" nil nil 2 -}}
        {{- $leaf := sprig_genSignedCert "leaf" nil nil 5 $ca -}}
        {{ $ca.Cert }}|{{ $self.Cert }}|{{ $leaf.Cert }}""");
    String[] parts = out.split("\\|");
    int[] days = {30, 2, 5};
    for (int i = 0; i < parts.length; i++) {
      X509Certificate c = cert(parts[i]);
      assertThat(c.getNotBefore().toInstant()).isEqualTo(FIXED);
      assertThat(c.getNotAfter().toInstant()).isEqualTo(FIXED.plus(Duration.ofDays(days[i])));
    }
  }

  @Test
  void everySprigNameIsOfferedAndNoNonHermeticOne() {
    List<String> names = SprigFunctions.names();
    // Sprig 3.3.0's genericMap has 211 names, 17 of them non-hermetic
    assertThat(names).hasSize(194).contains("randInt", "shuffle", "genPrivateKey", "mustToRawJson", "semverCompare",
        "must_date_modify", "osIsAbs", "hello", "toDecimal");
    assertThat(names).doesNotContain("now", "date", "dateModify", "uuidv4", "randAlphaNum", "randBytes", "env",
        "expandenv", "getHostByName", "htmlDate");
  }
}
