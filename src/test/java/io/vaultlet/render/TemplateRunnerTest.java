package io.vaultlet.render;

import static io.vaultlet.render.TemplateSpecs.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vaultlet.config.TemplateSettings;
import io.vaultlet.dev.database.EmbeddedPostgresServer;
import io.vaultlet.lease.EmulatorHarness;
import io.vaultlet.lease.LeaseWatcher;
import io.vaultlet.support.Log;
import io.vaultlet.testing.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateRunnerTest {

  private static final String DB_TEMPLATE =
      "{{ with secret \"database/creds/app\" }}user={{ .Data.username }}\npassword={{ .Data.password }}\n{{ end }}";
  private static final Pattern CREDS = Pattern.compile("user=(\\S+)\npassword=(\\S+)\n");

  @TempDir
  Path dir;

  private EmulatorHarness h;
  private LeaseWatcher leases;
  private TemplateRunner runner;
  private CommandRunner commands;
  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws Exception {
    h = new EmulatorHarness();
    Log.setOutput(new PrintStream(logs, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    stopRunner();
    h.close();
    Log.setOutput(System.err);
    System.err.print(logs.toString(StandardCharsets.UTF_8));
  }

  private TemplateRunner start(TemplateRunner.Spec... specs) {
    return start(TemplateSettings.defaults(), specs);
  }

  private TemplateRunner start(TemplateSettings settings, TemplateRunner.Spec... specs) {
    leases = h.watcher(LeaseWatcher.Options.from(settings));
    commands = new CommandRunner(Map.of());
    runner = new TemplateRunner(List.of(specs), settings, leases, commands, h.scheduler, Map.of(), () -> 0.5,
        h.exitCode::set);
    runner.start();
    h.settle();
    return runner;
  }

  private void stopRunner() {
    if (runner != null) {
      runner.close();
      leases.close();
      runner = null;
    }
  }

  private String read(Path p) throws Exception {
    return Files.readString(p);
  }

  // ---- first render, n-pass ----

  @Test
  void theFirstRenderWaitsUntilEveryNestedDependencyHasData() throws Exception {
    // (not a common word: the value is registered as a secret in this JVM, and would mask it in every later message)
    h.kv("pointer", Map.of("next", "hop-7c1e"));
    Path out = dir.resolve("nested.txt");
    start(template("{{ with secret \"secret/pointer\" }}{{ with secret (printf \"secret/%s\" .Data.data.next) }}"
        + "value={{ .Data.data.value }}{{ end }}{{ end }}", out).spec());

    assertThat(out).doesNotExist(); // secret/hop-7c1e is missing: nothing, not an empty or partial file
    assertThat(runner.status().templates().get(0).state()).isEqualTo("waiting");

    h.kv("hop-7c1e", Map.of("value", "hello"));
    h.advance(Duration.ofSeconds(1)); // the failed read is retried with backoff
    assertThat(out).hasContent("value=hello");
    assertThat(runner.allRendered()).isTrue();
  }

  @Test
  void eachTemplateIsWrittenAsSoonAsItIsCompleteNotAfterTheWholeRun() throws Exception {
    h.kv("early", Map.of("v", "first-written"));
    Path first = dir.resolve("first.txt");
    Path second = dir.resolve("second.txt");
    // the second template reads the first one's file while it executes (plugin runs at execution time): it sees it
    // only if the first file was published before the second template ran, in the same run
    start(template("{{ with secret \"secret/early\" }}{{ .Data.data.v }}{{ end }}", first).spec(),
        template("{{ with secret \"secret/early\" }}{{ plugin \"cat\" \"" + first + "\" }}{{ end }}", second)
            .spec());

    assertThat(first).hasContent("first-written");
    assertThat(second).hasContent("first-written");
    assertThat(runner.status().templates()).allMatch(t -> t.state().equals("rendered"));
  }

  @Test
  void writesAndRunsTheCommandOnlyWhenTheRenderedContentChanges() throws Exception {
    h.kv("app", Map.of("v", "one"));
    Path out = dir.resolve("app.txt");
    Path count = dir.resolve("count");
    start(template("{{ with secret \"secret/app\" }}{{ .Data.data.v }}{{ end }}", out)
        .command("echo run >> " + count, Duration.ofSeconds(10)).spec());
    assertThat(out).hasContent("one");

    h.advance(Duration.ofMinutes(5)); // re-read, same content
    assertThat(Files.readAllLines(count)).hasSize(1);

    h.kv("app", Map.of("v", "two"));
    h.advance(Duration.ofMinutes(5));
    assertThat(out).hasContent("two");
    assertThat(Files.readAllLines(count)).hasSize(2);
  }

  @Test
  void everyCommandListenerIsToldEvenAfterOneFails() throws Exception {
    h.kv("app", Map.of("v", "one"));
    Path out = dir.resolve("app.txt");
    leases = h.watcher(LeaseWatcher.Options.from(TemplateSettings.defaults()));
    runner = new TemplateRunner(List.of(template("{{ with secret \"secret/app\" }}{{ .Data.data.v }}{{ end }}", out)
        .command("true", Duration.ofSeconds(10)).spec()), TemplateSettings.defaults(), leases,
        new CommandRunner(Map.of()), h.scheduler, Map.of(), () -> 0.5, h.exitCode::set);
    List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
    runner.onCommand((destination, outcome) -> {
      throw new IllegalStateException("a broken listener");
    });
    runner.onCommand((destination, outcome) -> told.add(destination + " ok=" + outcome.ok()));
    runner.start();
    h.settle();
    assertThat(told).containsExactly(out + " ok=true");
    assertThat(logs.toString(StandardCharsets.UTF_8)).contains("command listener failed");
  }

  @Test
  void aLocalFileUsedByATemplateIsPolledForChanges() throws Exception {
    Path input = dir.resolve("input.txt");
    Files.writeString(input, "first");
    Path out = dir.resolve("from-file.txt");
    start(template("got {{ file \"" + input + "\" }}", out).spec());
    assertThat(out).hasContent("got first");

    Files.writeString(input, "second");
    h.advance(LeaseWatcher.DEFAULT_FILE_POLL);
    assertThat(out).hasContent("got second");
  }

  @Test
  void commandJitterDelaysTheReloadByARandomPartOfTheJitter() throws Exception {
    h.kv("app", Map.of("v", "one"));
    Path out = dir.resolve("j.txt");
    Path count = dir.resolve("count");
    start(template("{{ with secret \"secret/app\" }}{{ .Data.data.v }}{{ end }}", out)
        .command("echo run >> " + count, Duration.ofSeconds(10)).commandJitter(Duration.ofSeconds(10)).spec());
    assertThat(out).hasContent("one");
    assertThat(count).doesNotExist();
    h.advance(Duration.ofSeconds(5)); // random 0.5 of 10s
    assertThat(Files.readAllLines(count)).hasSize(1);
  }

  // ---- database credentials ----

  @Test
  void databaseCredentialsRotateBeforeExpiryAndTheNewOnesConnect() throws Exception {
    h.database("10m", "30m");
    Path out = dir.resolve("db.conf");
    start(template(DB_TEMPLATE, out).perms(0600).spec());
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(out)))
        .isEqualTo("rw-------");
    ReaderLoop reader = new ReaderLoop(out);
    reader.start();

    List<String[]> seen = new ArrayList<>();
    seen.add(creds(read(out)));
    assertThat(whoAmI(seen.get(0))).isEqualTo(seen.get(0)[0]);
    for (int step = 0; step < 200 && seen.size() < 4; step++) {
      h.advance(Duration.ofSeconds(30));
      String[] now = creds(read(out));
      if (!now[0].equals(seen.get(seen.size() - 1)[0])) {
        String[] old = seen.get(seen.size() - 1);
        assertThat(whoAmI(now)).isEqualTo(now[0]);   // the new credential works
        assertThat(whoAmI(old)).isEqualTo(old[0]);   // and the old one still does: rotation happened before expiry
        seen.add(now);
      }
    }
    reader.stop();

    assertThat(seen).hasSize(4); // three rotations, each re-fetched before max TTL (30m)
    assertThat(reader.torn()).isNull();
    assertThat(reader.reads()).isPositive();
    h.advance(Duration.ofMinutes(31)); // every earlier lease reached its max TTL and was revoked
    for (int i = 0; i < 3; i++) {
      String[] old = seen.get(i);
      assertThatThrownBy(() -> whoAmI(old)).isInstanceOf(SQLException.class);
    }
    assertThat(logs.toString(StandardCharsets.UTF_8)).doesNotContain(seen.get(0)[1]).doesNotContain(seen.get(3)[1]);
  }

  @Test
  void aDependencySharedByTenTemplatesIsOneRequestPerCycle() throws Exception {
    h.database("1h", "24h");
    h.resetStats();
    List<TemplateRunner.Spec> specs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      specs.add(template(DB_TEMPLATE, dir.resolve("t" + i)).spec());
    }
    start(specs.toArray(TemplateRunner.Spec[]::new));

    assertThat(h.requests("GET database/creds/app")).isEqualTo(1);
    String first = read(dir.resolve("t0"));
    for (int i = 1; i < 10; i++) {
      assertThat(dir.resolve("t" + i)).hasContent(first);
    }
    assertThat(runner.status().leases()).hasSize(1);
  }

  @Test
  void vaultDownLongerThanALeaseKeepsTheFilesBoundsTheRequestRateAndRecovers() throws Exception {
    h.database("5m", "1h");
    Path out = dir.resolve("db.conf");
    start(template(DB_TEMPLATE, out).spec());
    String before = read(out);
    h.resetStats();
    h.fault(Map.of("kind", "status", "status", 503, "message", "Vault is sealed"));

    h.advance(Duration.ofMinutes(30));

    assertThat(out).hasContent(before); // never blanked
    int during = h.totalRequests();
    assertThat(during).isBetween(10, 45); // backoff reaches 1 request a minute, not a tight loop
    assertThat(h.exitCode.get()).isEqualTo(-1);

    h.clearFaults();
    h.advance(Duration.ofMinutes(1));
    String after = read(out);
    assertThat(after).isNotEqualTo(before);
    String[] fresh = creds(after);
    assertThat(whoAmI(fresh)).isEqualTo(fresh[0]);
  }

  // ---- certificates ----

  private static final String CERT_TEMPLATE = "{{ with pkiCert \"pki/issue/svc\" \"common_name=api.svc.test\" "
      + "\"ttl=1h\" }}{{ .Cert }}{{ .Key }}{{ .CA }}{{ end }}";

  @Test
  void aCertificateIsReissuedBeforeExpiryAndReusedAcrossARestart() throws Exception {
    h.pki("1h");
    Path out = dir.resolve("tls.pem");
    h.resetStats();
    start(template(CERT_TEMPLATE, out).spec());
    assertThat(h.requests("POST pki/issue/svc")).isEqualTo(1);
    Certs first = Certs.of(read(out));
    assertThat(first.keyMatches()).isTrue();

    h.advance(Duration.ofMinutes(50));
    assertThat(h.requests("POST pki/issue/svc")).isEqualTo(1);
    h.advance(Duration.ofMinutes(5)); // 90% of the lifetime: re-issued while the old one is still valid
    assertThat(h.requests("POST pki/issue/svc")).isEqualTo(2);
    Certs second = Certs.of(read(out));
    assertThat(second.notAfter()).isAfter(first.notAfter());
    assertThat(second.keyMatches()).isTrue();
    assertThat(first.notAfter()).isAfter(h.scheduler.now());

    stopRunner();
    h.resetStats();
    start(template(CERT_TEMPLATE, out).spec()); // restart: the certificate on disk is still good
    assertThat(h.requests("POST pki/issue/svc")).isZero();
    assertThat(out).hasContent(second.pem());
    assertThat(runner.status().leases().get(0).expiry()).contains(second.notAfter());
  }

  @Test
  void aCertificateFromSecretPkiIssueIsReusedAcrossARestartToo() throws Exception {
    h.pki("1h");
    Path out = dir.resolve("web.pem");
    String tpl = "{{ with secret \"pki/issue/svc\" \"common_name=web.svc.test\" }}{{ .Data.certificate }}\n"
        + "{{ .Data.private_key }}\n{{ end }}";
    start(template(tpl, out).spec());
    String issued = read(out);
    assertThat(Certs.of(issued).keyMatches()).isTrue();

    stopRunner();
    h.resetStats();
    start(template(tpl, out).spec());
    assertThat(h.requests("POST pki/issue/svc")).isZero();
    assertThat(out).hasContent(issued);
  }

  @Test
  void aCertificateAndKeyRenderedIntoSeparateFilesAreReusedTogether() throws Exception {
    h.pki("1h");
    Path crt = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    String req = "secret \"pki/issue/svc\" \"common_name=split.svc.test\"";
    TemplateRunner.Spec certSpec = template("{{ with " + req + " }}{{ .Data.certificate }}\n{{ end }}", crt)
        .publishGroup("tls").spec();
    TemplateRunner.Spec keySpec = template("{{ with " + req + " }}{{ .Data.private_key }}\n{{ end }}", key)
        .publishGroup("tls").spec();
    h.resetStats();
    start(certSpec, keySpec);
    assertThat(h.requests("POST pki/issue/svc")).isEqualTo(1); // shared by both templates
    assertThat(Certs.of(read(crt) + read(key)).keyMatches()).isTrue();
    String keyLine = read(key).lines().skip(1).findFirst().orElseThrow();
    assertThat(logs.toString(StandardCharsets.UTF_8)).doesNotContain(keyLine);

    stopRunner();
    h.resetStats();
    String before = read(crt);
    start(certSpec, keySpec);
    assertThat(h.requests("POST pki/issue/svc")).isZero();
    assertThat(crt).hasContent(before);
  }

  // ---- failures ----

  @Test
  void aFailingOrHangingReloadCommandKeepsTheFilesAndRefetchesNothing() throws Exception {
    h.kv("a", Map.of("v", "1"));
    h.kv("b", Map.of("v", "2"));
    h.resetStats();
    Path fa = dir.resolve("a");
    Path fb = dir.resolve("b");
    start(template("{{ with secret \"secret/a\" }}{{ .Data.data.v }}{{ end }}", fa).command("exit 7",
            Duration.ofSeconds(10)).spec(),
        template("{{ with secret \"secret/b\" }}{{ .Data.data.v }}{{ end }}", fb).command("sleep 30",
            Duration.ofMillis(300)).spec());

    assertThat(fa).hasContent("1");
    assertThat(fb).hasContent("2");
    assertThat(commands.failures()).isEqualTo(2);
    h.advance(Duration.ofMinutes(4));
    assertThat(h.requests("GET secret/data/a")).isEqualTo(1); // no re-fetch because a command failed
    assertThat(h.requests("GET secret/data/b")).isEqualTo(1);
    TemplateStatus a = runner.status().templates().get(0);
    assertThat(a.commandFailures()).isEqualTo(1);
    assertThat(a.lastError()).isEqualTo("command exited with status 7");
    assertThat(runner.status().templates().get(1).lastError()).contains("did not exit within");
  }

  @Test
  void anUnwritableDestinationIsAClearErrorAndOtherTemplatesStillRender() throws Exception {
    h.kv("a", Map.of("v", "1"));
    Path notADir = dir.resolve("blocker");
    Files.writeString(notADir, "x");
    Path bad = notADir.resolve("out.txt");
    Path good = dir.resolve("good.txt");
    start(template("{{ with secret \"secret/a\" }}{{ .Data.data.v }}{{ end }}", bad).spec(),
        template("{{ with secret \"secret/a\" }}ok {{ .Data.data.v }}{{ end }}", good).spec());

    assertThat(good).hasContent("ok 1");
    TemplateStatus s = runner.status().templates().get(0);
    assertThat(s.state()).isEqualTo("error");
    assertThat(s.lastError()).isEqualTo("cannot read " + bad + ": Not a directory");
    assertThat(notADir).hasContent("x");
  }

  @Test
  void errorOnMissingKeyKeepsTheLastGoodFile() throws Exception {
    h.kv("app", Map.of("k", "v1"));
    Path out = dir.resolve("strict.txt");
    start(template("{{ with secret \"secret/app\" }}{{ .Data.data.k }}{{ end }}", out).errorOnMissingKey().spec());
    assertThat(out).hasContent("v1");

    h.kv("app", Map.of("other", "x"));
    h.advance(Duration.ofMinutes(5));
    assertThat(out).hasContent("v1");
    assertThat(runner.status().templates().get(0).state()).isEqualTo("error");
    assertThat(runner.status().templates().get(0).lastError()).contains("map has no entry for key");

    h.kv("app", Map.of("k", "v1"));
    h.advance(Duration.ofMinutes(5)); // renders the same bytes again: the error clears, nothing is written
    assertThat(runner.status().templates().get(0).state()).isEqualTo("rendered");
    assertThat(runner.status().templates().get(0).lastError()).isEmpty();
  }

  // ---- publishing ----

  @Test
  void aPublishGroupWaitsForEveryMemberAndReloadsOnce() throws Exception {
    h.kv("cert", Map.of("v", "c1"));
    Path count = dir.resolve("reloads");
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    String reload = "echo reload >> " + count;
    start(template("{{ with secret \"secret/cert\" }}{{ .Data.data.v }}{{ end }}", cert).publishGroup("tls")
            .command(reload, Duration.ofSeconds(10)).waitFor(Duration.ofSeconds(2), Duration.ofSeconds(8)).spec(),
        template("{{ with secret \"secret/key\" }}{{ .Data.data.v }}{{ end }}", key).publishGroup("tls")
            .command(reload, Duration.ofSeconds(10)).spec());
    assertThat(cert).doesNotExist(); // complete, but its group is not

    h.kv("key", Map.of("v", "k1"));
    h.advance(Duration.ofSeconds(1));
    assertThat(cert).hasContent("c1");
    assertThat(key).hasContent("k1");
    assertThat(Files.readAllLines(count)).hasSize(1);

    // the two secrets are re-read a second apart; the group's wait lets both changes land in one publish
    h.kv("cert", Map.of("v", "c2"));
    h.kv("key", Map.of("v", "k2"));
    // (now t+1s) cert is re-read at t+5m, key at t+5m0.25s: the timer restarts at the second change, firing at +2s
    h.advance(Duration.ofMinutes(5).plusSeconds(1));
    assertThat(cert).hasContent("c1");
    assertThat(runner.status().templates()).allSatisfy(t -> assertThat(t.state()).isEqualTo("quiescing"));
    h.advance(Duration.ofSeconds(1));
    assertThat(cert).hasContent("c2");
    assertThat(key).hasContent("k2");
    assertThat(Files.readAllLines(count)).hasSize(2);
  }

  @Test
  void aGroupMemberThatCannotBeWrittenPublishesNoneOfTheGroup() throws Exception {
    h.kv("a", Map.of("v", "1"));
    Path blocker = dir.resolve("blocker");
    Path ok = dir.resolve("ok.txt");
    Files.writeString(ok, "old");
    Files.createDirectories(blocker);
    start(template("{{ with secret \"secret/a\" }}{{ .Data.data.v }}{{ end }}", ok).publishGroup("g").spec(),
        template("{{ with secret \"secret/a\" }}x{{ .Data.data.v }}{{ end }}", blocker.resolve("sub/f"))
            .noCreateDirs().publishGroup("g").spec());

    assertThat(ok).hasContent("old");
    assertThat(runner.status().templates()).allSatisfy(t -> assertThat(t.state()).isEqualTo("error"));
  }

  @Test
  void waitPublishesAChangeOnlyOnceTheDataIsQuiet() throws Exception {
    h.kv("app", Map.of("v", "one"));
    Path out = dir.resolve("quiet.txt");
    start(template("{{ with secret \"secret/app\" }}{{ .Data.data.v }}{{ end }}", out)
        .waitFor(Duration.ofSeconds(10), Duration.ofSeconds(40)).spec());
    assertThat(out).hasContent("one"); // the first render is immediate

    h.kv("app", Map.of("v", "two"));
    h.advance(Duration.ofMinutes(5));
    assertThat(out).hasContent("one");
    assertThat(runner.status().templates().get(0).state()).isEqualTo("quiescing");
    h.advance(Duration.ofSeconds(9));
    assertThat(out).hasContent("one");
    h.advance(Duration.ofSeconds(1));
    assertThat(out).hasContent("two");
  }

  // ---- status ----

  @Test
  void statusShowsTemplatesAndLeasesWithoutSecrets() throws Exception {
    h.database("1h", "24h");
    Path out = dir.resolve("db.conf");
    start(template(DB_TEMPLATE, out).spec());
    String[] c = creds(read(out));

    RuntimeStatus s = runner.status();
    TemplateStatus t = s.templates().get(0);
    assertThat(t.destination()).isEqualTo(out.toString());
    assertThat(t.state()).isEqualTo("rendered");
    assertThat(t.lastRender()).contains(h.scheduler.now());
    assertThat(t.leaseExpiry()).contains(h.scheduler.now().plus(Duration.ofHours(1)));
    assertThat(t.nextAction()).isEqualTo("renew");
    assertThat(t.nextActionAt()).contains(h.scheduler.now().plus(Duration.ofMinutes(43)));
    assertThat(s.leases().get(0).leaseId()).startsWith("database/creds/app/…")
        .hasSize("database/creds/app/…".length() + 4);
    String json = s.toJson();
    String table = s.toTable();
    assertThat(json).contains("\"destination\" : \"" + out + "\"").contains("\"next_action\" : \"renew\"")
        .doesNotContain(c[1]);
    assertThat(table).contains("DESTINATION").contains(out.toString()).contains("renewable").doesNotContain(c[1]);
  }

  // ---- helpers ----

  private static String[] creds(String file) {
    Matcher m = CREDS.matcher(file);
    assertThat(m.matches()).as("complete credentials file: %s", file.length()).isTrue();
    return new String[] {m.group(1), m.group(2)};
  }

  private static String whoAmI(String[] creds) throws SQLException {
    EmbeddedPostgresServer pg = EmbeddedPostgres.shared();
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), creds[0], creds[1]);
        Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_user")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** A thread reading the file in a loop, remembering any read that is not a complete credentials file. */
  private static final class ReaderLoop {
    private final Path file;
    private final Thread thread;
    private volatile boolean stop;
    private volatile String torn;
    private volatile int reads;

    ReaderLoop(Path file) {
      this.file = file;
      this.thread = new Thread(this::loop, "reader");
    }

    void start() {
      thread.start();
    }

    void stop() throws InterruptedException {
      stop = true;
      thread.join();
    }

    String torn() {
      return torn;
    }

    int reads() {
      return reads;
    }

    private void loop() {
      while (!stop) {
        try {
          String s = Files.readString(file);
          reads++;
          if (!CREDS.matcher(s).matches()) {
            torn = "partial read of " + s.length() + " chars";
          }
        } catch (Exception e) {
          torn = e.toString();
        }
      }
    }
  }
}
