package io.vaultlet.template;

import io.vaultlet.pki.KeySpec;
import io.vaultlet.template.gotmpl.GoStruct;
import io.vaultlet.template.gotmpl.TemplateFunction;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * Sprig's crypto functions: {@code bcrypt}, {@code htpasswd}, {@code derivePassword} (Master Password), AES-CBC
 * {@code encryptAES}/{@code decryptAES}, private keys ({@code genPrivateKey} rsa/dsa/ecdsa/ed25519, PEM as Go
 * writes them) and certificates ({@code genCA}, {@code genSelfSignedCert}, {@code genSignedCert}, their
 * {@code …WithKey} forms, {@code buildCustomCert}), which return a struct with {@code .Cert} and {@code .Key}.
 */
final class SprigCrypto {

  private static final SecureRandom RANDOM = new SecureRandom();

  private SprigCrypto() {}

  /** Sprig's {@code certificate} struct. */
  record Certificate(String cert, String key) implements GoStruct {
    @Override
    public String typeName() {
      return "sprig.certificate";
    }

    @Override
    public boolean pointer() {
      return false;
    }

    @Override
    public List<String> fieldNames() {
      return List.of("Cert", "Key");
    }

    @Override
    public Object field(String name) {
      return name.equals("Cert") ? cert : key;
    }
  }

  static void register(Map<String, TemplateFunction> s) {
    s.put("bcrypt", TextFunctions.unary("bcrypt", SprigCrypto::bcrypt));
    s.put("htpasswd", a -> {
      Args.count("htpasswd", a, 2);
      String user = Args.string(a, 0);
      String password = Args.string(a, 1);
      return user.contains(":") ? "invalid username: " + user : user + ":" + bcrypt(password);
    });
    s.put("derivePassword", a -> {
      Args.count("derivePassword", a, 5);
      return derivePassword(Args.integer(a, 0), Args.string(a, 1), Args.string(a, 2), Args.string(a, 3),
          Args.string(a, 4));
    });
    s.put("encryptAES", a -> { Args.count("encryptAES", a, 2); return encryptAes(Args.string(a, 0), Args.string(a, 1)); });
    s.put("decryptAES", a -> { Args.count("decryptAES", a, 2); return decryptAes(Args.string(a, 0), Args.string(a, 1)); });
    s.put("genPrivateKey", TextFunctions.unary("genPrivateKey", SprigKeys::genPrivateKey));
    s.put("buildCustomCert", a -> {
      Args.count("buildCustomCert", a, 2);
      return buildCustom(Args.string(a, 0), Args.string(a, 1));
    });
    s.put("genCA", a -> {
      Args.count("genCA", a, 2);
      return ca(Args.string(a, 0), (int) Args.integer(a, 1), SprigKeys.rsa2048());
    });
    s.put("genCAWithKey", a -> {
      Args.count("genCAWithKey", a, 3);
      return ca(Args.string(a, 0), (int) Args.integer(a, 1), SprigKeys.parseKey(Args.string(a, 2), "parsing private key: "));
    });
    s.put("genSelfSignedCert", a -> {
      Args.count("genSelfSignedCert", a, 4);
      return selfSigned(a, SprigKeys.rsa2048());
    });
    s.put("genSelfSignedCertWithKey", a -> {
      Args.count("genSelfSignedCertWithKey", a, 5);
      return selfSigned(a, SprigKeys.parseKey(Args.string(a, 4), "parsing private key: "));
    });
    s.put("genSignedCert", a -> {
      Args.count("genSignedCert", a, 5);
      return signed(a, SprigKeys.rsa2048());
    });
    s.put("genSignedCertWithKey", a -> {
      Args.count("genSignedCertWithKey", a, 6);
      return signed(a, SprigKeys.parseKey(Args.string(a, 5), "parsing private key: "));
    });
  }

  // ---- passwords ----------------------------------------------------------------------------------------------------

  static String bcrypt(String password) {
    byte[] pw = password.getBytes(StandardCharsets.UTF_8);
    if (pw.length > 72) {
      return "failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes";
    }
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return OpenBSDBCrypt.generate("2a", pw, salt, 10);
  }

  private static final Map<String, String[]> TEMPLATES = Map.of(
      "maximum", new String[] {"anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"},
      "long", new String[] {"CvcvnoCvcvCvcv", "CvcvCvcvnoCvcv", "CvcvCvcvCvcvno", "CvccnoCvcvCvcv", "CvccCvcvnoCvcv",
          "CvccCvcvCvcvno", "CvcvnoCvccCvcv", "CvcvCvccnoCvcv", "CvcvCvccCvcvno", "CvcvnoCvcvCvcc", "CvcvCvcvnoCvcc",
          "CvcvCvcvCvccno", "CvccnoCvccCvcv", "CvccCvccnoCvcv", "CvccCvccCvcvno", "CvcvnoCvccCvcc", "CvcvCvccnoCvcc",
          "CvcvCvccCvccno", "CvccnoCvcvCvcc", "CvccCvcvnoCvcc", "CvccCvcvCvccno"},
      "medium", new String[] {"CvcnoCvc", "CvcCvcno"},
      "short", new String[] {"Cvcn"},
      "basic", new String[] {"aaanaaan", "aannaaan", "aaannaaa"},
      "pin", new String[] {"nnnn"});

  private static final Map<Character, String> CHARACTERS = Map.of(
      'V', "AEIOU", 'C', "BCDFGHJKLMNPQRSTVWXYZ", 'v', "aeiou", 'c', "bcdfghjklmnpqrstvwxyz",
      'A', "AEIOUBCDFGHJKLMNPQRSTVWXYZ", 'a', "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz",
      'n', "0123456789", 'o', "@&%?,=[]_:-+*$#!'^~;()/.",
      'x', "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()");

  /** The Master Password algorithm (scrypt N=32768 r=8 p=2, then HMAC-SHA256 over the site). */
  static String derivePassword(long counter, String type, String password, String user, String site)
      throws Exception {
    String[] templates = TEMPLATES.get(type);
    if (templates == null) {
      return "cannot find password template " + type;
    }
    byte[] seed = "com.lyndir.masterpassword".getBytes(StandardCharsets.UTF_8);
    byte[] userBytes = user.getBytes(StandardCharsets.UTF_8);
    byte[] salt = ByteBuffer.allocate(seed.length + 4 + userBytes.length).put(seed).putInt(userBytes.length)
        .put(userBytes).array();
    byte[] key = SCrypt.generate(password.getBytes(StandardCharsets.UTF_8), salt, 32768, 8, 2, 64);
    byte[] siteBytes = site.getBytes(StandardCharsets.UTF_8);
    byte[] message = ByteBuffer.allocate(seed.length + 4 + siteBytes.length + 4).put(seed).putInt(siteBytes.length)
        .put(siteBytes).putInt((int) counter).array();
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    byte[] h = mac.doFinal(message);
    String temp = templates[(h[0] & 0xFF) % templates.length];
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < temp.length(); i++) {
      String chars = CHARACTERS.get(temp.charAt(i));
      out.append(chars.charAt((h[i + 1] & 0xFF) % chars.length()));
    }
    return out.toString();
  }

  // ---- AES ----------------------------------------------------------------------------------------------------------

  private static SecretKeySpec aesKey(String password) {
    byte[] key = new byte[32];
    byte[] pw = password.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(pw, 0, key, 0, Math.min(32, pw.length));
    return new SecretKeySpec(key, "AES");
  }

  static String encryptAes(String password, String plaintext) throws Exception {
    if (plaintext.isEmpty()) {
      return "";
    }
    byte[] iv = new byte[16];
    RANDOM.nextBytes(iv);
    Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
    c.init(Cipher.ENCRYPT_MODE, aesKey(password), new IvParameterSpec(iv));
    byte[] body = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(iv);
    out.write(body);
    return Base64.getEncoder().encodeToString(out.toByteArray());
  }

  static String decryptAes(String password, String crypt64) throws Exception {
    if (crypt64.isEmpty()) {
      return "";
    }
    byte[] crypt;
    try {
      crypt = Base64.getDecoder().decode(crypt64);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(GoBase.decode64(crypt64));
    }
    if (crypt.length < 16) {
      throw new IllegalStateException("runtime error: slice bounds out of range [:16] with capacity "
          + crypt.length);
    }
    if ((crypt.length - 16) % 16 != 0) {
      throw new IllegalStateException("crypto/cipher: input not full blocks");
    }
    Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
    c.init(Cipher.DECRYPT_MODE, aesKey(password), new IvParameterSpec(crypt, 0, 16));
    byte[] plain = c.doFinal(crypt, 16, crypt.length - 16);
    if (plain.length == 0) {
      throw new IllegalStateException("runtime error: index out of range [-1]");
    }
    int pad = plain[plain.length - 1] & 0xFF;
    if (pad > plain.length) {
      throw new IllegalStateException("runtime error: slice bounds out of range [:" + (plain.length - pad) + "]");
    }
    return new String(plain, 0, plain.length - pad, StandardCharsets.UTF_8);
  }

  // ---- certificates -------------------------------------------------------------------------------------------------

  private static Certificate buildCustom(String b64cert, String b64key) throws Exception {
    byte[] cert;
    byte[] key;
    try {
      cert = Base64.getDecoder().decode(b64cert);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("unable to decode base64 certificate");
    }
    try {
      key = Base64.getDecoder().decode(b64key);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("unable to decode base64 private key");
    }
    String certPem = new String(cert, StandardCharsets.UTF_8);
    PemObject obj;
    try (PemReader r = new PemReader(new java.io.StringReader(certPem))) {
      obj = r.readPemObject();
    }
    if (obj == null) {
      throw new IllegalStateException("unable to decode certificate");
    }
    try {
      new X509CertificateHolder(obj.getContent());
    } catch (Exception e) {
      throw new IllegalStateException("error parsing certificate: decodedCert.Bytes: " + e.getMessage());
    }
    String keyPem = new String(key, StandardCharsets.UTF_8);
    SprigKeys.parseKey(keyPem, "error parsing private key: ");
    return new Certificate(certPem, keyPem);
  }

  private static Certificate ca(String cn, int days, KeyPair kp) throws Exception {
    return certificate(cn, List.of(), List.of(), days, kp, null, null, true);
  }

  private static Certificate selfSigned(List<Object> a, KeyPair kp) throws Exception {
    return certificate(Args.string(a, 0), list(a, 1), list(a, 2), (int) Args.integer(a, 3), kp, null, null, false);
  }

  private static Certificate signed(List<Object> a, KeyPair kp) throws Exception {
    if (!(a.get(4) instanceof Certificate ca)) {
      throw Args.wrongType(a.get(4), "sprig.certificate");
    }
    X509CertificateHolder parent;
    try (PemReader r = new PemReader(new java.io.StringReader(ca.cert()))) {
      PemObject obj = r.readPemObject();
      if (obj == null) {
        throw new IllegalStateException("unable to decode certificate");
      }
      parent = new X509CertificateHolder(obj.getContent());
    }
    KeyPair signer = SprigKeys.parseKey(ca.key(), "error parsing private key: ");
    return certificate(Args.string(a, 0), list(a, 1), list(a, 2), (int) Args.integer(a, 3), kp, parent, signer, false);
  }

  private static List<?> list(List<Object> a, int i) {
    Object v = a.get(i);
    if (v == null) {
      return List.of();
    }
    return Args.list(a, i, "[]interface {}");
  }

  private static Certificate certificate(String cn, List<?> ips, List<?> dns, int days, KeyPair subject,
      X509CertificateHolder parent, KeyPair signer, boolean isCa) throws Exception {
    List<GeneralName> names = new ArrayList<>();
    for (Object o : dns) {
      if (!(o instanceof String s)) {
        throw new IllegalStateException("error processing alternate dns name: " + SprigFunctions.strval(o)
            + " is not a string");
      }
      names.add(new GeneralName(GeneralName.dNSName, s));
    }
    for (Object o : ips) {
      if (!(o instanceof String s)) {
        throw new IllegalStateException("error parsing ip: " + SprigFunctions.strval(o) + " is not a string");
      }
      if (!s.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
        throw new IllegalStateException("error parsing ip: " + s);
      }
      names.add(new GeneralName(GeneralName.iPAddress, new org.bouncycastle.asn1.DEROctetString(
          InetAddress.getByName(s).getAddress())));
    }
    Instant now = FunctionContext.current().clock.instant(); // validity from the template's clock
    X500Name name = new org.bouncycastle.asn1.x500.X500NameBuilder(org.bouncycastle.asn1.x500.style.BCStyle.INSTANCE)
        .addRDN(org.bouncycastle.asn1.x500.style.BCStyle.CN, cn).build();
    KeyPair sign = signer == null ? subject : signer;
    X500Name issuer = parent == null ? name : parent.getSubject();
    X509v3CertificateBuilder b = new X509v3CertificateBuilder(issuer, new BigInteger(128, RANDOM),
        Date.from(now), Date.from(now.plus(Duration.ofDays(days))), name,
        SubjectPublicKeyInfo.getInstance(subject.getPublic().getEncoded()));
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    int usage = KeyUsage.keyEncipherment | KeyUsage.digitalSignature | (isCa ? KeyUsage.keyCertSign : 0);
    b.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
    b.addExtension(Extension.extendedKeyUsage, false,
        new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
    if (isCa) {
      b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subject.getPublic()));
    }
    if (!names.isEmpty()) {
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(new GeneralName[0])));
    }
    String alg = KeySpec.signatureAlgorithm(sign.getPrivate()).orElseThrow(() -> new IllegalStateException(
        "error creating certificate: x509: only RSA, ECDSA and Ed25519 keys supported"));
    X509CertificateHolder holder = b.build(new JcaContentSignerBuilder(alg).build(sign.getPrivate()));
    return new Certificate(SprigKeys.pem("CERTIFICATE", holder.getEncoded()), SprigKeys.pem(subject.getPrivate()));
  }
}
