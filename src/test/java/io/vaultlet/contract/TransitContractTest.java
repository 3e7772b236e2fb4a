package io.vaultlet.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code transit} engine (§10): keys (write, read, list, rotate, config, delete), encrypt/decrypt/rewrap with the
 * {@code vault:v<N>:<base64>} format (AES-GCM and ChaCha20-Poly1305 as nonce‖ciphertext‖tag, RSA-OAEP), batches,
 * and sign/verify whose signatures an independent verifier (the JDK) accepts with the published public key.
 */
class TransitContractTest extends ContractScenario {

  private static final String PLAIN = b64("the quick brown fox");
  private String transit;

  @BeforeEach
  void mount() {
    transit = unique("transit");
    enableSecrets(transit, "transit", Map.of());
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private void key(String name, String type) {
    wire.ok("POST", transit + "/keys/" + name, Map.of("type", type));
  }

  private String encrypt(String name) {
    return wire.expect(200, "POST", transit + "/encrypt/" + name, Map.of("plaintext", PLAIN)).data()
        .get("ciphertext").asText();
  }

  @Test
  void aKeyIsWrittenReadListedRotatedConfiguredAndDeleted() {
    key("app", "aes256-gcm96");

    JsonNode read = wire.get(transit + "/keys/app").data();
    Wire.Response list = wire.get(transit + "/keys?list=true");
    Wire.Response refused = wire.delete(transit + "/keys/app");
    wire.ok("POST", transit + "/keys/app/rotate", Map.of());
    wire.ok("POST", transit + "/keys/app/config", Map.of("deletion_allowed", true));
    JsonNode rotated = wire.get(transit + "/keys/app").data();

    assertThat(read.get("name").asText()).isEqualTo("app");
    assertThat(read.get("type").asText()).isEqualTo("aes256-gcm96");
    assertThat(read.get("latest_version").asInt()).isEqualTo(1);
    assertThat(read.get("min_decryption_version").asInt()).isEqualTo(1);
    assertThat(read.get("supports_encryption").asBoolean()).isTrue();
    assertThat(read.get("supports_signing").asBoolean()).isFalse();
    assertThat(read.get("keys").get("1").isIntegralNumber()).as("symmetric versions show their creation time").isTrue();
    assertThat(list.data().get("keys")).extracting(JsonNode::asText).containsExactly("app");
    Envelope.assertErrors(refused, 400, "error deleting policy app: deletion is not allowed for this key");
    assertThat(rotated.get("latest_version").asInt()).isEqualTo(2);
    assertThat(rotated.get("deletion_allowed").asBoolean()).isTrue();
    assertThat(wire.delete(transit + "/keys/app").status()).isEqualTo(204);
    Envelope.assertErrors(wire.get(transit + "/keys/app"), 404);
  }

  @ParameterizedTest
  @ValueSource(strings = {"aes128-gcm96", "aes256-gcm96", "chacha20-poly1305", "rsa-2048"})
  void encryptionRoundTripsInVaultsCiphertextFormat(String type) {
    key("k", type);

    String ciphertext = encrypt("k");
    JsonNode plain = wire.expect(200, "POST", transit + "/decrypt/k", Map.of("ciphertext", ciphertext)).data();

    assertThat(ciphertext).matches("vault:v1:[A-Za-z0-9+/]+=*");
    byte[] raw = Base64.getDecoder().decode(ciphertext.substring("vault:v1:".length()));
    if (type.startsWith("rsa")) {
      assertThat(raw).hasSize(256);
    } else {
      assertThat(raw).as("96-bit nonce, ciphertext, 128-bit tag").hasSize(12 + 19 + 16);
    }
    assertThat(plain.get("plaintext").asText()).isEqualTo(PLAIN);
  }

  @Test
  void encryptCreatesAMissingKeyAndRewrapMovesToTheLatestVersion() {
    String v1 = encrypt("upserted");
    wire.ok("POST", transit + "/keys/upserted/rotate", Map.of());

    JsonNode rewrapped = wire.expect(200, "POST", transit + "/rewrap/upserted", Map.of("ciphertext", v1)).data();
    wire.ok("POST", transit + "/keys/upserted/config", Map.of("min_decryption_version", 2));

    assertThat(wire.get(transit + "/keys/upserted").data().get("type").asText()).isEqualTo("aes256-gcm96");
    assertThat(rewrapped.get("ciphertext").asText()).startsWith("vault:v2:");
    assertThat(rewrapped.get("key_version").asInt()).isEqualTo(2);
    assertThat(wire.post(transit + "/decrypt/upserted", Map.of("ciphertext", rewrapped.get("ciphertext").asText()))
        .data().get("plaintext").asText()).isEqualTo(PLAIN);
    Envelope.assertErrors(wire.post(transit + "/decrypt/upserted", Map.of("ciphertext", v1)), 400,
        "ciphertext or signature version is disallowed by policy (too old)");
  }

  @Test
  void batchesEncryptAndDecryptEachItem() {
    key("batch", "aes256-gcm96");

    JsonNode encrypted = wire.expect(200, "POST", transit + "/encrypt/batch", Map.of("batch_input",
        List.of(Map.of("plaintext", b64("one")), Map.of("plaintext", b64("two"), "reference", "second")))).data();
    JsonNode results = encrypted.get("batch_results");
    JsonNode decrypted = wire.expect(200, "POST", transit + "/decrypt/batch", Map.of("batch_input", List.of(
        Map.of("ciphertext", results.get(0).get("ciphertext").asText()),
        Map.of("ciphertext", results.get(1).get("ciphertext").asText())))).data().get("batch_results");

    assertThat(results).hasSize(2);
    assertThat(results.get(1).get("reference").asText()).isEqualTo("second");
    assertThat(decrypted.get(0).get("plaintext").asText()).isEqualTo(b64("one"));
    assertThat(decrypted.get(1).get("plaintext").asText()).isEqualTo(b64("two"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ed25519", "ecdsa-p256", "ecdsa-p384", "rsa-2048", "rsa-3072", "rsa-4096"})
  void signaturesVerifyHereAndWithTheJdk(String type) throws Exception {
    key("signer", type);

    String signature = wire.expect(200, "POST", transit + "/sign/signer", Map.of("input", PLAIN)).data()
        .get("signature").asText();
    boolean valid = wire.post(transit + "/verify/signer", Map.of("input", PLAIN, "signature", signature)).data()
        .get("valid").asBoolean();
    boolean tampered = wire.post(transit + "/verify/signer", Map.of("input", b64("other"), "signature", signature))
        .data().get("valid").asBoolean();
    String publicKey = wire.get(transit + "/keys/signer").data().get("keys").get("1").get("public_key").asText();

    assertThat(signature).startsWith("vault:v1:");
    assertThat(valid).isTrue();
    assertThat(tampered).isFalse();
    byte[] sig = Base64.getDecoder().decode(signature.substring("vault:v1:".length()));
    assertThat(jdkVerifies(type, publicKey, "the quick brown fox".getBytes(StandardCharsets.UTF_8), sig)).isTrue();
  }

  @Test
  void rsaPkcs1v15AndJwsMarshalingAreOffered() throws Exception {
    key("rsa", "rsa-2048");
    key("ec", "ecdsa-p256");

    String pkcs1 = wire.post(transit + "/sign/rsa/sha2-512", Map.of("input", PLAIN, "signature_algorithm",
        "pkcs1v15")).data().get("signature").asText();
    String jws = wire.post(transit + "/sign/ec", Map.of("input", PLAIN, "marshaling_algorithm", "jws")).data()
        .get("signature").asText();

    String rsaKey = wire.get(transit + "/keys/rsa").data().get("keys").get("1").get("public_key").asText();
    Signature s = Signature.getInstance("SHA512withRSA");
    s.initVerify(pem(rsaKey, "RSA"));
    s.update("the quick brown fox".getBytes(StandardCharsets.UTF_8));
    assertThat(s.verify(Base64.getDecoder().decode(pkcs1.substring("vault:v1:".length())))).isTrue();
    assertThat(jws.substring("vault:v1:".length())).as("raw URL-safe base64 of r||s").matches("[A-Za-z0-9_-]{86}");
    assertThat(wire.post(transit + "/verify/ec", Map.of("input", PLAIN, "signature", jws, "marshaling_algorithm",
        "jws")).data().get("valid").asBoolean()).isTrue();
  }

  @Test
  void refusalsUseVaultsTexts() {
    key("aes", "aes256-gcm96");

    Envelope.assertErrors(wire.post(transit + "/decrypt/aes", Map.of("ciphertext", "nope")), 400,
        "invalid ciphertext: no prefix");
    Envelope.assertErrors(wire.post(transit + "/decrypt/missing", Map.of("ciphertext", "vault:v1:AAAA")), 400,
        "encryption key not found");
    Envelope.assertErrors(wire.post(transit + "/sign/aes", Map.of("input", PLAIN)), 400,
        "key type aes256-gcm96 does not support signing");
    Envelope.assertErrors(wire.post(transit + "/decrypt/aes", Map.of("ciphertext", "vault:v9:AAAA")), 400,
        "invalid ciphertext: version is too new");
    Envelope.assertErrors(wire.post(transit + "/encrypt/aes", Map.of()), 400, "missing plaintext to encrypt");
    assertThat(wire.post(transit + "/encrypt/aes", Map.of("plaintext", "not base64!")).status()).isEqualTo(400);
  }

  private static boolean jdkVerifies(String type, String publicKey, byte[] message, byte[] sig) throws Exception {
    Signature s;
    PublicKey key;
    if (type.equals("ed25519")) {
      byte[] prefix = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
      byte[] raw = Base64.getDecoder().decode(publicKey);
      byte[] spki = new byte[prefix.length + raw.length];
      System.arraycopy(prefix, 0, spki, 0, prefix.length);
      System.arraycopy(raw, 0, spki, prefix.length, raw.length);
      key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
      s = Signature.getInstance("Ed25519");
    } else if (type.startsWith("ecdsa")) {
      key = pem(publicKey, "EC");
      s = Signature.getInstance("SHA256withECDSA");
    } else {
      key = pem(publicKey, "RSA");
      int modulusBytes = Integer.parseInt(type.substring("rsa-".length())) / 8;
      s = Signature.getInstance("RSASSA-PSS");
      s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, modulusBytes - 32 - 2, 1));
    }
    s.initVerify(key);
    s.update(message);
    return s.verify(sig);
  }

  private static PublicKey pem(String pem, String algorithm) throws Exception {
    String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
  }
}
