package io.vaultlet.render;

import static io.vaultlet.render.TemplateSpecs.template;
import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.config.TemplateSettings;
import io.vaultlet.dev.ObservedRequest;
import io.vaultlet.lease.EmulatorHarness;
import io.vaultlet.lease.LeaseWatcher;
import io.vaultlet.pki.KeySpec;
import io.vaultlet.events.RotationEvent;
import io.vaultlet.support.Log;
import io.vaultlet.vault.VaultClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local-key certificates ({@code pkiCert "pki/sign/<role>"} without {@code csr}) through the template runner against
 * the emulator over HTTP, with every request body the emulator receives captured.
 */
class LocalKeyCertificatesTest {

  private static final String SIGN = "pkiCert \"pki/sign/svc\" \"common_name=api.svc.test\" \"ttl=1h\"";

  @TempDir
  Path dir;

  private EmulatorHarness h;
  private LeaseWatcher leases;
  private TemplateRunner runner;
  private CommandRunner commands;
  private final List<ObservedRequest> wire = new CopyOnWriteArrayList<>();
  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws Exception {
    h = new EmulatorHarness();
    h.pki("1h"); // role svc: key_type rsa (Vault's default), *.svc.test
    h.vault.onRequest(wire::add);
    Log.setOutput(new PrintStream(logs, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    stopRunner();
    h.close();
    Log.setOutput(System.err);
    System.err.print(logs.toString(StandardCharsets.UTF_8));
  }

  private void start(TemplateRunner.Spec... specs) {
    start(h.client, specs);
  }

  private void start(VaultClient client, TemplateRunner.Spec... specs) {
    TemplateSettings settings = TemplateSettings.defaults();
    leases = h.watcher(LeaseWatcher.Options.from(settings), client);
    commands = new CommandRunner(Map.of());
    runner = new TemplateRunner(List.of(specs), settings, leases, commands, h.scheduler, Map.of(), () -> 0.5,
        h.exitCode::set);
    runner.start();
    h.settle();
  }

  private void stopRunner() {
    if (runner != null) {
      runner.close();
      leases.close();
      runner = null;
    }
  }

  private static String read(Path p) throws Exception {
    return Files.readString(p);
  }

  // ---- the key never leaves ----

  @Test
  void onlyACertificateRequestCrossesTheWireAndTheRenderedKeyMatchesTheCertificate() throws Exception {
    Path out = dir.resolve("tls.pem");
    h.resetStats();
    start(template("{{ with " + SIGN + " }}{{ .Cert }}{{ .Key }}{{ .CA }}{{ end }}", out).spec());

    Certs c = Certs.of(read(out));
    assertThat(c.keyMatches()).isTrue();
    assertThat(KeySpec.of(c.leaf().getPublicKey())).isEqualTo(new KeySpec("rsa", 2048)); // the role's key type
    assertThat(c.leaf().getSubjectX500Principal().getName()).isEqualTo("CN=api.svc.test");
    assertThat(read(out)).contains("-----BEGIN RSA PRIVATE KEY-----"); // Vault's default private_key_format
    assertThat(h.requests("GET pki/roles/svc")).isEqualTo(1);
    assertThat(h.requests("POST pki/sign/svc")).isEqualTo(1);
    assertThat(h.requests("POST pki/issue/svc")).isZero();

    ObservedRequest sign = wire.stream().filter(r -> r.path().equals("pki/sign/svc")).findFirst().orElseThrow();
    assertThat(sign.text()).contains("BEGIN CERTIFICATE REQUEST").contains("\"common_name\":\"api.svc.test\"");
    assertNoKeyMaterial(c.key(), read(out));
    assertThat(privateKeyBodies()).isZero();
    assertThat(h.privateKeyBodies()).isZero(); // the emulator's own count agrees
    for (String line : keyLines(read(out))) {
      assertThat(logs.toString(StandardCharsets.UTF_8)).doesNotContain(line);
    }
  }

  @Test
  void everyRenewalMakesANewKeyUnlessKeyReuseIsAsked() throws Exception {
    Path fresh = dir.resolve("fresh.pem");
    Path reused = dir.resolve("reused.pem");
    String reuse = "pkiCert \"pki/sign/svc\" \"common_name=reuse.svc.test\" \"ttl=1h\" \"key_reuse=true\"";
    start(template("{{ with " + SIGN + " }}{{ .Cert }}{{ .Key }}{{ end }}", fresh).spec(),
        template("{{ with " + reuse + " }}{{ .Cert }}{{ .Key }}{{ end }}", reused).spec());
    Certs fresh1 = Certs.of(read(fresh));
    Certs reused1 = Certs.of(read(reused));

    h.advance(Duration.ofMinutes(55)); // 90 % of the hour: both are signed again
    Certs fresh2 = Certs.of(read(fresh));
    Certs reused2 = Certs.of(read(reused));
    assertThat(fresh2.leaf().getSerialNumber()).isNotEqualTo(fresh1.leaf().getSerialNumber());
    assertThat(reused2.leaf().getSerialNumber()).isNotEqualTo(reused1.leaf().getSerialNumber());
    assertThat(fresh2.keyMatches()).isTrue();
    assertThat(reused2.keyMatches()).isTrue();
    assertThat(fresh2.leaf().getPublicKey()).isNotEqualTo(fresh1.leaf().getPublicKey());
    assertThat(reused2.leaf().getPublicKey()).isEqualTo(reused1.leaf().getPublicKey());
    assertThat(reused2.key().getEncoded()).isEqualTo(reused1.key().getEncoded());
    assertNoKeyMaterial(fresh2.key(), read(fresh));
    assertNoKeyMaterial(reused2.key(), read(reused));

    List<RotationEvent> events = h.journal.recent();
    RotationEvent freshAgain = events.stream().filter(e -> e.target().equals(fresh.toString())
        && !e.oldId().isEmpty()).findFirst().orElseThrow();
    assertThat(freshAgain.kind()).isEqualTo("certificate");
    assertThat(freshAgain.step()).isEqualTo("issue");
    assertThat(freshAgain.result()).isEqualTo(RotationEvent.Result.SUCCEEDED);
    assertThat(freshAgain.oldId()).isEqualTo(serial(fresh1));
    assertThat(freshAgain.newId()).isEqualTo(serial(fresh2));
    assertThat(freshAgain.message()).isEqualTo("new rsa 2048 key");
    RotationEvent reusedAgain = events.stream().filter(e -> e.target().equals(reused.toString())
        && !e.oldId().isEmpty()).findFirst().orElseThrow();
    assertThat(reusedAgain.message()).isEqualTo("key reused");
    assertThat(runner.status().withRotations(events).toJson()).contains("\"kind\" : \"certificate\"")
        .contains(serial(fresh2)).doesNotContain(keyLines(read(fresh)).get(1));
  }

  @Test
  void aRestartReusesTheValidCertificateAndKeyFromDiskWithoutASignRequest() throws Exception {
    Path out = dir.resolve("tls.pem");
    String tpl = "{{ with " + SIGN + " \"key_type=ec\" \"key_bits=384\" }}{{ .Cert }}{{ .Key }}{{ end }}";
    h.http.write("pki/roles/svc", Map.of("allowed_domains", "svc.test", "allow_subdomains", true, "key_type", "any"));
    start(template(tpl, out).spec());
    String first = read(out);
    assertThat(KeySpec.of(Certs.of(first).leaf().getPublicKey())).isEqualTo(new KeySpec("ec", 384));
    assertThat(h.requests("GET pki/roles/svc")).isZero(); // the template named the key: no need to read the role

    stopRunner();
    h.resetStats();
    List<RotationEvent> beforeRestart = h.journal.recent();
    start(template(tpl, out).spec());
    assertThat(h.totalRequests()).isZero();
    assertThat(out).hasContent(first);
    assertThat(h.journal.recent()).isEqualTo(beforeRestart); // reused, not rotated: nothing recorded

    stopRunner(); // a different key size asked for: the file's certificate no longer fits
    String p256 = tpl.replace("key_bits=384", "key_bits=256");
    start(template(p256, out).spec());
    assertThat(h.requests("POST pki/sign/svc")).isEqualTo(1);
    assertThat(KeySpec.of(Certs.of(read(out)).leaf().getPublicKey())).isEqualTo(KeySpec.DEFAULT);
  }

  @Test
  void aTemplateErrorOverTheKeyNeverShowsIt() throws Exception {
    Path good = dir.resolve("tls.pem");
    Path bad = dir.resolve("bad.txt");
    start(template("{{ with " + SIGN + " }}{{ .Cert }}{{ .Key }}{{ end }}", good).spec(),
        template("{{ with " + SIGN + " }}{{ .Key | parseInt }}{{ end }}", bad).spec());
    List<String> lines = keyLines(read(good));
    TemplateStatus failed = runner.status().templates().stream().filter(t -> t.destination().equals(bad.toString()))
        .findFirst().orElseThrow();
    assertThat(failed.state()).isEqualTo("error");
    assertThat(failed.lastError()).contains("parseInt").contains("[redacted]");
    // Go quotes the value with \n escapes: the quoted form is masked whole, armour included
    String everything = failed.lastError() + runner.status().toJson() + logs.toString(StandardCharsets.UTF_8);
    assertThat(everything).doesNotContain("PRIVATE KEY");
    for (String line : lines) {
      assertThat(everything).doesNotContain(line);
    }
  }

  // ---- certificate and key in two files ----

  @Test
  void certificateAndKeyInTwoTemplatesShareOneKeyAndPublishTogether() throws Exception {
    Path crt = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    Path reloads = dir.resolve("reloads");
    String cmd = "echo reload >> " + reloads;
    TemplateRunner.Spec certSpec = template("{{ with " + SIGN + " }}{{ .Cert }}{{ .CA }}{{ end }}", crt)
        .publishGroup("tls").command(cmd, Duration.ofSeconds(10)).spec();
    TemplateRunner.Spec keySpec = template("{{ with " + SIGN + " }}{{ .Key }}{{ end }}", key)
        .publishGroup("tls").command(cmd, Duration.ofSeconds(10)).perms(0600).spec();
    h.resetStats();
    start(certSpec, keySpec);
    assertThat(h.requests("POST pki/sign/svc")).isEqualTo(1); // one dependency for both templates
    assertThat(Certs.of(read(crt) + read(key)).keyMatches()).isTrue();
    assertThat(read(key)).doesNotContain("CERTIFICATE");
    assertThat(reloads).hasContent("reload\n"); // the group's one command ran once

    h.advance(Duration.ofMinutes(55));
    assertThat(h.requests("POST pki/sign/svc")).isEqualTo(2);
    assertThat(Certs.of(read(crt) + read(key)).keyMatches()).isTrue();
    assertThat(reloads).hasContent("reload\nreload\n");
    assertThat(logs.toString(StandardCharsets.UTF_8)).doesNotContain("not in one publish_group");

    stopRunner();
    h.resetStats();
    String before = read(crt) + read(key);
    start(certSpec, keySpec); // restart: the two files together hold a good pair
    assertThat(h.totalRequests()).isZero();
    assertThat(read(crt) + read(key)).isEqualTo(before);
  }

  @Test
  void certificateAndKeyInTwoTemplatesWithoutAPublishGroupAreWarnedAbout() throws Exception {
    Path crt = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    start(template("{{ with " + SIGN + " }}{{ .Cert }}{{ end }}", crt).spec(),
        template("{{ with " + SIGN + " }}{{ .Key }}{{ end }}", key).spec());
    assertThat(Certs.of(read(crt) + read(key)).keyMatches()).isTrue();
    String log = logs.toString(StandardCharsets.UTF_8);
    assertThat(log).contains("one certificate is written by templates that are not in one publish_group")
        .contains(crt.toString()).contains(key.toString());
    h.advance(Duration.ofMinutes(55));
    assertThat(logs.toString(StandardCharsets.UTF_8).split("not in one publish_group", -1)).hasSize(2); // once
  }

  // ---- secret "pki/sign/…" ----

  @Test
  void secretOnASignPathAnswersLikeAnIssue() throws Exception {
    Path out = dir.resolve("web.json");
    start(template("{{ with secret \"pki/sign/svc\" \"common_name=web.svc.test\" \"key_type=ec\" "
        + "\"private_key_format=pkcs8\" }}{{ .Data.private_key_type }}|{{ .Data.serial_number }}|"
        + "{{ len .Data.ca_chain }}|{{ .Data.certificate }}\n{{ .Data.private_key }}\n{{ .Data.issuing_ca }}\n{{ end }}",
        out).spec());
    // the role asks for rsa keys: an explicit key_type=ec is refused by Vault, with Vault's words in the status
    assertThat(out).doesNotExist();
    assertThat(runner.status().leases().get(0).lastError()).contains("role requires keys of type rsa");

    h.http.write("pki/roles/svc", Map.of("allowed_domains", "svc.test", "allow_subdomains", true, "key_type", "ec"));
    h.advance(Duration.ofSeconds(2)); // the retry
    String[] parts = read(out).split("\\|", 4);
    assertThat(parts[0]).isEqualTo("ec");
    assertThat(parts[2]).isEqualTo("1");
    Certs c = Certs.of(parts[3]);
    assertThat(c.keyMatches()).isTrue();
    assertThat(serial(c)).isEqualTo(parts[1]);
    assertThat(parts[3]).contains("-----BEGIN PRIVATE KEY-----");
    assertNoKeyMaterial(c.key(), parts[3]);
  }

  @Test
  void withoutReadOnTheRoleTheDefaultKeyIsUsedAndARefusalSaysWhatToDo() throws Exception {
    h.http.write("sys/policies/acl/signer", Map.of("policy",
        "path \"pki/sign/*\" { capabilities = [\"update\"] }"));
    String token = (String) h.http.write("auth/token/create", Map.of("policies", List.of("signer"), "ttl", "24h"))
        .auth().get("client_token");
    Path out = dir.resolve("tls.pem");
    start(h.client.withToken(token), template("{{ with " + SIGN + " }}{{ .Cert }}{{ .Key }}{{ end }}", out).spec());

    assertThat(out).doesNotExist(); // the rsa role refuses vaultlet's default EC P-256 key
    assertThat(h.requests("GET pki/roles/svc")).isEqualTo(1); // 403
    assertThat(runner.status().leases().get(0).lastError()).contains("role requires keys of type rsa")
        .contains("vaultlet could not read pki/roles/svc").contains("key_type=");

    h.http.write("pki/roles/svc", Map.of("allowed_domains", "svc.test", "allow_subdomains", true, "key_type", "ec"));
    h.advance(Duration.ofSeconds(2));
    assertThat(KeySpec.of(Certs.of(read(out)).leaf().getPublicKey())).isEqualTo(KeySpec.DEFAULT);
  }

  // ---- renew_before ----

  @Test
  void aTemplatesRenewBeforeMovesTheReissueEarlier() throws Exception {
    Path out = dir.resolve("tls.pem");
    h.resetStats();
    start(template("{{ with " + SIGN + " }}{{ .Cert }}{{ .Key }}{{ end }}", out).renewBefore(Duration.ofMinutes(30))
        .spec());
    h.advance(Duration.ofMinutes(29));
    assertThat(h.requests("POST pki/sign/svc")).isEqualTo(1);
    h.advance(Duration.ofMinutes(2)); // 30 minutes before the end, long before 90 % of the hour
    assertThat(h.requests("POST pki/sign/svc")).isEqualTo(2);
  }

  // ---- helpers ----

  private long privateKeyBodies() {
    return wire.stream().filter(r -> r.text().contains("PRIVATE KEY")).count();
  }

  /** No captured request body holds the key: no PEM key, none of its base64 lines, no encoding of its secret part. */
  private void assertNoKeyMaterial(PrivateKey key, String rendered) {
    assertThat(wire).isNotEmpty();
    List<String> texts = new ArrayList<>(keyLines(rendered));
    BigInteger secret = key instanceof ECPrivateKey ec ? ec.getS() : ((RSAPrivateCrtKey) key).getPrivateExponent();
    byte[] raw = secret.toByteArray();
    texts.add(HexFormat.of().formatHex(raw));
    texts.add(Base64.getEncoder().encodeToString(raw));
    texts.add(Base64.getEncoder().encodeToString(key.getEncoded()).substring(0, 60));
    texts.add(secret.toString());
    for (ObservedRequest r : wire) {
      String body = r.text();
      assertThat(body).as(r.toString()).doesNotContain("PRIVATE KEY");
      for (String t : texts) {
        assertThat(body).as(r.toString()).doesNotContain(t);
      }
      assertThat(indexOf(r.body(), raw)).as(r + ": raw key bytes").isEqualTo(-1);
    }
  }

  /** The base64 lines of the PEM private key in {@code rendered}. */
  private static List<String> keyLines(String rendered) {
    int start = rendered.indexOf("PRIVATE KEY-----");
    int end = rendered.indexOf("-----END", start);
    List<String> out = new ArrayList<>();
    for (String line : rendered.substring(start, end).split("\n")) {
      if (!line.contains("-----") && line.length() >= 16) {
        out.add(line.strip());
      }
    }
    assertThat(out).isNotEmpty();
    return out;
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static String serial(Certs c) {
    String hex = c.leaf().getSerialNumber().toString(16);
    hex = hex.length() % 2 == 1 ? "0" + hex : hex;
    return String.join(":", hex.split("(?<=\\G..)"));
  }
}
