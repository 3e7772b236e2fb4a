package io.vaultlet.cli;

import io.vaultlet.Agent;
import io.vaultlet.config.ConfigException;
import io.vaultlet.config.ConfigLoader;
import io.vaultlet.config.LoadedConfig;
import io.vaultlet.dev.DevServer;
import io.vaultlet.dev.demo.DevDemo;
import io.vaultlet.render.RuntimeStatus;
import io.vaultlet.listener.StatusTable;
import io.vaultlet.support.Log;
import io.vaultlet.vault.VaultClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The agent half of {@code vaultlet dev}: seeds the emulator, runs a real agent on it, prints its status table. */
final class DemoAgent implements AutoCloseable {

  private static final Log LOG = Log.named("dev.demo");

  private final Agent agent;
  private final ScheduledExecutorService printer;

  private DemoAgent(Agent agent, ScheduledExecutorService printer) {
    this.agent = agent;
    this.printer = printer;
  }

  /** The demo's parts that could not start, in one line each: what is missing, why, and how to fix it. */
  static void printMissing(Map<String, String> missing, PrintWriter out) {
    missing.forEach((template, why) -> out.println("==> vaultlet dev: demo part missing: " + template + ": " + why));
  }

  static DemoAgent start(DevServer server, Path outDir, PrintWriter out, Duration statusInterval)
      throws IOException, ConfigException {
    VaultClient root = VaultClient.create(VaultClient.Settings.builder(server.address()).build())
        .withToken(server.rootToken());
    DevDemo.Setup setup = new DevDemo(root, outDir).seed(server.address());
    // The demo's configuration names its emulator: VAULT_* from the user's shell must not redirect it.
    Agent.ConfigSource source = () -> ConfigLoader.load(List.of(setup.agentConfig()), Map.of());
    LoadedConfig loaded = source.load();
    Agent agent = new Agent(loaded, source, null);
    agent.start();
    out.println("==> vaultlet dev: demo agent started (configuration: " + setup.agentConfig() + ")");
    out.println("    rendering templates into " + outDir.toAbsolutePath() + "/: app.env (KV v2), "
        + (setup.database() ? "db.env (PostgreSQL credentials, 45 s leases), " : "")
        + "tls.pem (3-minute certificates), aws.env (an IAM access key rotated every 3 minutes)");
    setup.postgres().ifPresent(pg -> out.println("    PostgreSQL of the database engine: " + pg
        + " (also in " + outDir.resolve(".demo").resolve("postgres-address") + ")"));
    if (setup.database()) {
      out.println("    db.env rotates safely (vaultlet extensions): each new credential is verified"
          + (setup.postgres().isPresent() ? " (a PostgreSQL login)" : "") + " before it is used,");
      out.println("    db.env links to db.env.blue or db.env.green (the other slot keeps the previous credential), and");
      out.println("    the previous credential is revoked 15s after each switch.");
      out.println("    On purpose, db.env's check FAILS ONCE at the first rotation (about 2 minutes in): db.env keeps the");
      out.println("    previous credential, the check is retried a second later and passes, and the link switches to green");
      out.println("    (see \"recent rotation steps\" under the table).");
    }
    printMissing(setup.missing(), out);
    out.println("    watch them rotate: ls -l " + outDir + "/ ; stop with Ctrl-C");
    out.println();
    out.flush();
    ScheduledExecutorService printer = null;
    if (!statusInterval.isZero() && !statusInterval.isNegative()) {
      printer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dev-status");
        t.setDaemon(true);
        return t;
      });
      long millis = statusInterval.toMillis();
      Map<String, String> missing = setup.missing();
      printer.scheduleAtFixedRate(() -> print(agent, missing, out), millis, millis, TimeUnit.MILLISECONDS);
    }
    return new DemoAgent(agent, printer);
  }

  private static void print(Agent agent, Map<String, String> missing, PrintWriter out) {
    try {
      java.time.Instant now = java.time.Instant.now();
      agent.templateStatus().ifPresent(status -> {
        out.print(StatusTable.screen(status, agent.accessKeyStatus(), missing, now));
        out.flush();
      });
    } catch (RuntimeException e) {
      LOG.warn("could not print the status table", e);
    }
  }

  /** The live table ({@link StatusTable}), as {@code vaultlet status} prints it too. */
  static String table(RuntimeStatus status, java.time.Instant now) {
    return StatusTable.render(status, Map.of(), now);
  }

  /** The table, with one row per demo part that could not start ({@code missing}: template name → why). */
  static String table(RuntimeStatus status, Map<String, String> missing, java.time.Instant now) {
    return StatusTable.render(status, missing, now);
  }

  /** One line per {@code aws_access_key} block ({@link StatusTable#accessKeys}). */
  static String accessKeyTable(List<io.vaultlet.rotation.awskey.AccessKeyStatus> keys, java.time.Instant now) {
    return StatusTable.accessKeys(keys, now);
  }

  @Override
  public void close() {
    if (printer != null) {
      printer.shutdownNow();
    }
    agent.close();
  }
}
