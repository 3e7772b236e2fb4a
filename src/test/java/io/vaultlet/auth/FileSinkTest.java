package io.vaultlet.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultlet.config.ConfigException;
import io.vaultlet.config.SinkConfig;
import io.vaultlet.support.ManualScheduler;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSinkTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private SinkConfig sink(String body) throws Exception {
    return Configs.autoAuth(dir, "method \"token_file\" {\n config = { token_file_path = \"/dev/null\" }\n}\n"
        + "sink \"file\" {\n" + body + "\n}").sinks().get(0);
  }

  @Test
  void writesAtomicallyWithTheDefaultMode0640AndNoTrailingNewline() throws Exception {
    Path target = dir.resolve("token");
    FileSink s = FileSink.create(sink("config = { path = \"" + target + "\" }"));

    s.write("hvs.first-token-value", false, null);
    s.write("hvs.second-token-value", false, null);

    assertThat(Files.readString(target)).isEqualTo("hvs.second-token-value");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-r-----");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no temp file left behind").noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void appliesTheConfiguredModeWhateverTheUmask() throws Exception {
    Path target = dir.resolve("token");
    FileSink s = FileSink.create(sink("config = {\n path = \"" + target + "\"\n mode = 0604\n }"));

    s.write("hvs.some-token-value", false, null);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw----r--");
  }

  @Test
  void chownsTheFileToTheConfiguredOwnerAndGroup() throws Exception {
    Path target = dir.resolve("token");
    int myGid = (Integer) Files.getAttribute(dir, "unix:gid");
    int myUid = (Integer) Files.getAttribute(dir, "unix:uid");
    FileSink s = FileSink.create(sink("config = {\n path = \"" + target + "\"\n owner = " + myUid + "\n group = "
        + myGid + "\n }"));

    s.write("hvs.owned-token-value", false, null);

    assertThat(Files.getAttribute(target, "unix:uid")).isEqualTo(myUid);
    assertThat(Files.getAttribute(target, "unix:gid")).isEqualTo(myGid);
  }

  @Test
  void aSinkInAMissingDirectoryFailsTheWriteCheck() {
    assertThatThrownBy(() -> FileSink.create(sink("config = { path = \"" + dir.resolve("nope/token") + "\" }")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("error during write check");
  }

  @Test
  void failedWritesAreRetriedUntilTheyWork() throws Exception {
    Path sub = dir.resolve("sub");
    Files.createDirectories(sub);
    FileSink s = FileSink.of(sub.resolve("token"), 0640);
    Files.delete(sub);
    ManualScheduler scheduler = new ManualScheduler();
    List<AuthEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    SinkPublisher publisher = new SinkPublisher(List.of(s), scheduler, () -> 0.5, events::add, "approle");

    CompletableFuture<Void> done = publisher.publish("hvs.retry-token-value", false, null, "acc-1");
    assertThat(done).isNotDone();
    assertThat(scheduler.pending()).containsExactly(scheduler.now().plusSeconds(2));
    Files.createDirectories(sub);
    scheduler.advance(Duration.ofSeconds(2));

    assertThat(done).isCompleted();
    assertThat(Files.readString(sub.resolve("token"))).isEqualTo("hvs.retry-token-value");
    assertThat(events).extracting(e -> e.error().isPresent()).containsExactly(true, false);
    assertThat(events).extracting(AuthEvent::accessor).containsOnly("acc-1");
  }

  @Test
  void sinkWrapTtlWritesAWrappingTokenForTheToken() throws Exception {
    try (Emulator emu = new Emulator()) {
      String token = emu.root.write("auth/token/create", Map.of("ttl", "1h")).auth().get("client_token").toString();
      Path target = dir.resolve("wrapped");
      FileSink s = FileSink.create(sink("wrap_ttl = \"5m\"\nconfig = { path = \"" + target + "\" }"));

      s.write(token, false, emu.client.withToken(token));

      JsonNode info = JSON.readTree(Files.readString(target));
      assertThat(info.path("creation_path").asText()).isEqualTo("sys/wrapping/wrap");
      assertThat(info.path("ttl").asLong()).isEqualTo(300);
      var unwrapped = emu.client.unwrap(info.path("token").asText()).orElseThrow();
      assertThat(unwrapped.data().path("token").asText()).isEqualTo(token);
    }
  }

  @Test
  void curve25519EnvelopeDecryptsWithTheClientsKey() throws Exception {
    KeyPair client = KeyPairGenerator.getInstance("X25519").generateKeyPair();
    byte[] clientPub = DhEnvelope.rawPublic((XECPublicKey) client.getPublic());
    Path dh = dir.resolve("dh.json");
    Files.writeString(dh, "{\"curve25519_public_key\":\"" + Base64.getEncoder().encodeToString(clientPub) + "\"}");
    Path target = dir.resolve("encrypted");
    FileSink s = FileSink.create(sink("dh_type = \"curve25519\"\ndh_path = \"" + dh + "\"\nderive_key = true\n"
        + "aad = \"my-aad\"\nconfig = { path = \"" + target + "\" }"));

    s.write("hvs.secret-token-value", false, null);

    JsonNode env = JSON.readTree(Files.readString(target));
    byte[] agentPub = Base64.getDecoder().decode(env.path("curve25519_public_key").asText());
    byte[] nonce = Base64.getDecoder().decode(env.path("nonce").asText());
    byte[] sealed = Base64.getDecoder().decode(env.path("encrypted_payload").asText());
    KeyAgreement ka = KeyAgreement.getInstance("X25519");
    ka.init(client.getPrivate());
    ka.doPhase(x25519(agentPub), true);
    byte[] shared = ka.generateSecret();
    boolean agentLower = java.util.Arrays.compareUnsigned(agentPub, clientPub) < 0;
    byte[] key = DhEnvelope.hkdfSha256(shared, agentLower ? agentPub : clientPub, agentLower ? clientPub : agentPub,
        32);
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
    gcm.updateAAD("my-aad".getBytes(StandardCharsets.UTF_8));

    assertThat(new String(gcm.doFinal(sealed), StandardCharsets.UTF_8)).isEqualTo("hvs.secret-token-value");
    assertThat(nonce).hasSize(12);
    assertThat(Files.readString(target)).doesNotContain("hvs.secret-token-value");
  }

  @Test
  void hkdfMatchesRfc5869TestCase1() throws Exception {
    HexFormat hex = HexFormat.of();
    byte[] okm = DhEnvelope.hkdfSha256(hex.parseHex("0b".repeat(22)), hex.parseHex("000102030405060708090a0b0c"),
        hex.parseHex("f0f1f2f3f4f5f6f7f8f9"), 42);

    assertThat(hex.formatHex(okm)).isEqualTo(
        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
  }

  private static java.security.PublicKey x25519(byte[] littleEndian) throws Exception {
    byte[] be = new byte[32];
    for (int i = 0; i < 32; i++) {
      be[i] = littleEndian[31 - i];
    }
    return KeyFactory.getInstance("X25519")
        .generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, be)));
  }
}
