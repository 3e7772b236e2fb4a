package io.vaultlet.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.config.TemplateSettings;
import io.vaultlet.config.VerifyConfig;
import io.vaultlet.dev.database.EmbeddedPostgresServer;
import io.vaultlet.lease.EmulatorHarness;
import io.vaultlet.lease.Lease;
import io.vaultlet.lease.LeaseWatcher;
import io.vaultlet.events.RotationEvent;
import io.vaultlet.events.RotationJournal;
import io.vaultlet.rotation.StateFile;
import io.vaultlet.support.Log;
import io.vaultlet.template.Dependency;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A template runtime wired as the agent wires it (lease watcher, runner, rotation journal and state) against the
 * emulator on a manual clock, with the embedded PostgreSQL behind {@code database/}: what the rotation tests drive.
 */
final class RotationFixture implements AutoCloseable {

  static final String DB_TEMPLATE =
      "{{ with secret \"database/creds/app\" }}user={{ .Data.username }}\npassword={{ .Data.password }}\n{{ end }}";
  static final Pattern CREDS = Pattern.compile("user=(\\S+)\npassword=(\\S+)\n");
  static final Dependency CREDS_DEPENDENCY = Dependency.VaultRead.parse("database/creds/app");

  final EmulatorHarness h;
  final ByteArrayOutputStream logs = new ByteArrayOutputStream();
  RotationJournal journal = new RotationJournal();
  LeaseWatcher leases;
  TemplateRunner runner;
  /** The lease {@link #advanceUntilRotated} saw replaced, as last renewed. */
  Lease replaced;
  /** Where the verify checks run; empty: the harness's scheduler, as with one injected scheduler. */
  Optional<io.vaultlet.support.Scheduler> verifyScheduler = Optional.empty();

  RotationFixture() throws Exception {
    h = new EmulatorHarness();
    Log.setOutput(new PrintStream(logs, true, StandardCharsets.UTF_8));
  }

  /** Starts a runner over {@code specs} with the rotation state in {@code stateFile} (memory when null). */
  TemplateRunner start(Path stateFile, TemplateRunner.Spec... specs) {
    return start(h.client, stateFile, specs);
  }

  /** Like {@link #start(Path, TemplateRunner.Spec...)}, with the agent's token in {@code as}. */
  TemplateRunner start(io.vaultlet.vault.VaultClient as, Path stateFile, TemplateRunner.Spec... specs) {
    TemplateSettings settings = TemplateSettings.defaults();
    leases = h.watcher(LeaseWatcher.Options.from(settings), as);
    StateFile state = stateFile == null ? StateFile.inMemory() : StateFile.at(stateFile);
    runner = new TemplateRunner(List.of(specs), List.of(), settings, leases, new CommandRunner(Map.of()),
        h.scheduler, Map.of(), () -> 0.5, h.exitCode::set, new TemplateRunner.Rotation(journal, state, verifyScheduler));
    runner.start();
    h.settle();
    return runner;
  }

  /** Stops the runner and its watcher as the agent's shutdown does (leases and files stay). */
  void stop() {
    if (runner != null) {
      runner.close();
      leases.close();
      runner = null;
    }
  }

  Lease currentLease() {
    return leases.lease(CREDS_DEPENDENCY).orElseThrow();
  }

  /** Advances the clock in {@code step}s until the watcher holds another database lease; returns the new one. */
  Lease advanceUntilRotated(Duration step) {
    Lease before = currentLease();
    for (int i = 0; i < 2000; i++) {
      h.advance(step);
      if (!currentLease().leaseId().equals(before.leaseId())) {
        replaced = before;
        return currentLease();
      }
      before = currentLease();
    }
    throw new AssertionError("the database lease was never replaced");
  }

  /** The watcher's next renewal of the current lease fails (Vault refuses it), so it fetches a new credential. */
  Lease rotateByRefusedRenewal() {
    h.fault(Map.of("kind", "status", "status", 400, "path_prefix", "sys/leases/renew", "count", 1, "message",
        "lease is not renewable right now"));
    return advanceUntilRotated(Duration.ofSeconds(30));
  }

  List<RotationEvent> events(String step) {
    return journal.recent().stream().filter(e -> e.step().equals(step)).toList();
  }

  String log() {
    return logs.toString(StandardCharsets.UTF_8);
  }

  /** True while Vault still knows {@code leaseId}. */
  boolean leaseExists(String leaseId) {
    return h.http.send("PUT", "sys/leases/lookup", Map.of("lease_id", leaseId)).status() == 200;
  }

  static VerifyConfig commandCheck(String shell, VerifyConfig.OnFailure onFailure) {
    return new VerifyConfig(null, Optional.empty(), Optional.empty(), List.of(shell), Duration.ofSeconds(10),
        onFailure);
  }

  static VerifyConfig postgresCheck(String urlTemplate, VerifyConfig.OnFailure onFailure) {
    return new VerifyConfig(null, Optional.of(urlTemplate), Optional.empty(), List.of(), Duration.ofSeconds(10),
        onFailure);
  }

  /** A verify command that fails while the file {@code fails} holds a number above zero, counting it down. */
  static String failingCheck(Path fails) {
    return "r=$(cat " + fails + " 2>/dev/null || echo 0); if [ \"$r\" -gt 0 ]; then echo $((r-1)) > " + fails
        + "; echo \"not yet: $(head -1 \"$VAULTLET_STAGED_FILE\")\"; exit 1; fi";
  }

  static String[] creds(String file) {
    Matcher m = CREDS.matcher(file);
    assertThat(m.find()).as("complete credentials file: %s chars", file.length()).isTrue();
    return new String[] {m.group(1), m.group(2)};
  }

  static String[] creds(Path file) throws Exception {
    return creds(Files.readString(file));
  }

  static String whoAmI(String[] creds) throws SQLException {
    EmbeddedPostgresServer pg = EmbeddedPostgres.shared();
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), creds[0], creds[1]);
        Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_user")) {
      rs.next();
      return rs.getString(1);
    }
  }

  static boolean logsIn(String[] creds) {
    try {
      return whoAmI(creds).equals(creds[0]);
    } catch (SQLException e) {
      return false;
    }
  }

  static int pgPort() {
    return EmbeddedPostgres.shared().port();
  }

  @Override
  public void close() {
    stop();
    h.close();
    Log.setOutput(System.err);
    System.err.print(log());
  }
}
