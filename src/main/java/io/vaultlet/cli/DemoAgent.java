package io.vaultlet.cli;

import io.vaultlet.Agent;
import io.vaultlet.config.ConfigException;
import io.vaultlet.config.ConfigLoader;
import io.vaultlet.config.Durations;
import io.vaultlet.config.LoadedConfig;
import io.vaultlet.dev.DevServer;
import io.vaultlet.dev.demo.DevDemo;
import io.vaultlet.render.RuntimeStatus;
import io.vaultlet.render.TemplateStatus;
import io.vaultlet.rotation.RotationEvent;
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
      agent.templateStatus().map(status -> table(status, missing, now)).ifPresent(table -> {
        out.println(table);
        out.flush();
      });
      if (!agent.accessKeyStatus().isEmpty()) {
        out.println(accessKeyTable(agent.accessKeyStatus(), now));
        out.flush();
      }
    } catch (RuntimeException e) {
      LOG.warn("could not print the status table", e);
    }
  }

  /** A compact live table: one line per template, times relative to now (the full table is RuntimeStatus#toTable). */
  static String table(RuntimeStatus status, java.time.Instant now) {
    return table(status, Map.of(), now);
  }

  /** The table, with one row per demo part that could not start ({@code missing}: template name → why). */
  static String table(RuntimeStatus status, Map<String, String> missing, java.time.Instant now) {
    StringBuilder sb = new StringBuilder();
    String format = "%-28s %-10s %-14s %-16s %s%n";
    sb.append(String.format(format, "TEMPLATE", "STATE", "RENDERED", "LEASE EXPIRES", "NEXT ACTION"));
    for (TemplateStatus t : status.templates()) {
      String name = Path.of(t.destination()).getFileName().toString() + (t.slot().isEmpty() ? "" : " → " + t.slot());
      sb.append(String.format(format, name, t.state(),
          t.lastRender().map(i -> ago(i, now)).orElse("-"),
          t.leaseExpiry().map(i -> in(i, now)).orElse("-"),
          t.nextActionAt().map(i -> t.nextAction() + " " + in(i, now)).orElse("-")
              + (t.lastError().isEmpty() ? "" : "  error: " + t.lastError())));
    }
    missing.forEach((template, why) -> sb.append(String.format(format, template, "missing", "-", "-",
        "not started: " + shortReason(why))));
    List<RotationEvent> recent = status.rotations();
    if (!recent.isEmpty()) {
      sb.append("recent rotation steps:").append(System.lineSeparator());
      for (RotationEvent e : recent.subList(Math.max(0, recent.size() - ROTATION_LINES), recent.size())) {
        sb.append(String.format("  %-9s %-28s %-8s %-10s %s%n", ago(e.at(), now),
            Path.of(e.target().split(",")[0]).getFileName(), e.step(), e.result().label(), shortMessage(e)));
      }
    }
    return sb.toString();
  }

  /** How many of the most recent rotation steps the live table lists. */
  static final int ROTATION_LINES = 6;

  /** The event's message on one line, shortened for the table. */
  private static String shortMessage(RotationEvent e) {
    String m = e.message().isEmpty() ? (e.verifiedBy().isEmpty() ? "" : "verified by " + e.verifiedBy())
        : e.message().replaceAll("\\s+", " ");
    return m.length() > 90 ? m.substring(0, 89) + "…" : m;
  }

  /** One line per {@code aws_access_key} block: the key in KV, the rotation's phase and state, what is next. */
  static String accessKeyTable(List<io.vaultlet.rotation.awskey.AccessKeyStatus> keys, java.time.Instant now) {
    StringBuilder sb = new StringBuilder();
    String format = "%-28s %-22s %-12s %-9s %s%n";
    sb.append(String.format(format, "AWS ACCESS KEY", "KEY IN KV", "PHASE", "STATE", "NEXT ACTION"));
    for (io.vaultlet.rotation.awskey.AccessKeyStatus k : keys) {
      sb.append(String.format(format, k.name(), k.accessKeyId().isEmpty() ? "-" : k.accessKeyId(),
          k.phase().isEmpty() ? "-" : k.phase(), k.state(),
          k.nextActionAt().map(i -> k.nextAction() + " " + in(i, now)).orElse(k.nextAction())
              + (k.lastError().isEmpty() ? "" : "  error: " + k.lastError())));
    }
    return sb.toString();
  }

  /** The first clause of a reason, for the table (the whole line was printed at start). */
  private static String shortReason(String why) {
    int cut = why.indexOf(';');
    String first = cut < 0 ? why : why.substring(0, cut);
    return first.length() > 60 ? first.substring(0, 59) + "…" : first;
  }

  private static String ago(java.time.Instant then, java.time.Instant now) {
    return Durations.format(Duration.between(then, now).withNanos(0)) + " ago";
  }

  private static String in(java.time.Instant when, java.time.Instant now) {
    Duration d = Duration.between(now, when).withNanos(0);
    return d.isNegative() ? "now" : "in " + Durations.format(d);
  }

  @Override
  public void close() {
    if (printer != null) {
      printer.shutdownNow();
    }
    agent.close();
  }
}
