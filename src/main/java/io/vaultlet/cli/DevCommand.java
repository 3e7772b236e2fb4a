package io.vaultlet.cli;

import io.vaultlet.config.ConfigException;
import io.vaultlet.config.Durations;
import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.support.Log;
import io.vaultlet.support.Redactor;
import io.vaultlet.support.Signals;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vaultlet dev}: the Vault API emulator for development and tests, like {@code vault server -dev}.
 *
 * <p>Runs until interrupted (Ctrl-C, SIGTERM: exit 0) or, in-process, until {@link #stop()}.
 */
@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description = {
      "Run the Vault API emulator: an in-memory, Vault-API-compatible server (development and tests only).",
      "Configure it through Vault's own HTTP API (any Vault client or curl works)."
    })
public final class DevCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin LogOptions log;

  @Option(names = {"-dev-listen-address", "--dev-listen-address"}, paramLabel = "<host:port>",
      description = "Address to listen on (default: ${DEFAULT-VALUE}; port 0 picks a free port).",
      defaultValue = "127.0.0.1:8200")
  String listenAddress;

  @Option(names = {"-dev-root-token-id", "--dev-root-token-id"}, paramLabel = "<id>",
      description = "The root token's id (default: ${DEFAULT-VALUE}).", defaultValue = "root")
  String rootTokenId;

  @Option(names = {"-dev-status-interval", "--dev-status-interval"}, paramLabel = "<duration>",
      description = "How often the demo prints its status table (default: 10s; 0 turns it off).")
  String statusInterval = "10s";

  @Option(names = {"-dev-out", "--dev-out"}, paramLabel = "<dir>",
      description = "Where the demo agent renders (default: ./out).")
  Path outDir = Path.of("out");

  @Option(names = {"-no-agent", "--no-agent"}, description = "Serve the Vault API only; do not run the demo agent.")
  boolean noAgent;

  @Option(names = {"-dev-postgres", "--dev-postgres"}, paramLabel = "<jdbc-url>",
      description = "PostgreSQL for the database secrets engine (instead of starting one).")
  String postgresUrl;

  @Option(names = {"-no-postgres", "--no-postgres"},
      description = "Do not start PostgreSQL; the database secrets engine is unavailable.")
  boolean noPostgres;

  @Option(names = {"-dev-clock-speed", "--dev-clock-speed"}, paramLabel = "<factor>",
      description = "Run the emulator clock faster than real time, e.g. 60 = one minute per second (default: 1).",
      defaultValue = "1")
  double clockSpeed;

  @Option(names = {"-dev-aws-propagation-delay", "--dev-aws-propagation-delay"}, paramLabel = "<duration>",
      description = "How long the IAM/STS stand-in refuses a new access key, as AWS does while it propagates"
          + " (default: 5s; 0: at once).")
  String awsPropagationDelay = "5s";

  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile DevServer server;

  @Override
  public Integer call() {
    Log.configure(log.level(null), log.format(null));
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (postgresUrl != null && noPostgres) {
      err.println("dev: -dev-postgres and --no-postgres cannot be used together");
      return 2;
    }
    DevOptions options;
    try {
      options = DevOptions.builder()
          .listenAddress(listenAddress)
          .rootTokenId(rootTokenId)
          .postgresUrl(postgresUrl)
          .noPostgres(noPostgres)
          .clockSpeed(clockSpeed)
          .awsPropagationDelay(Durations.parseSeconds(awsPropagationDelay))
          .build();
    } catch (IllegalArgumentException e) {
      err.println("dev: " + e.getMessage());
      return 2;
    }
    try {
      server = DevServer.start(options);
    } catch (IOException | IllegalArgumentException e) {
      err.println("dev: cannot listen on " + listenAddress + ": " + e.getMessage());
      return 1;
    }
    // SIGTERM/SIGINT are a requested shutdown: close in order and exit 0, as `vaultlet agent` does (without these
    // handlers the JVM would exit 143/130 from its own shutdown).
    Signals.on("TERM", this::stop);
    Signals.on("INT", this::stop);
    // Other exits (System.exit elsewhere): the JVM halts once its hooks return, so the hook waits for the close below.
    Thread hook = new Thread(() -> stopAndWait(10, TimeUnit.SECONDS), "dev-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    banner(out, server);
    out.flush();
    DemoAgent demo = null;
    if (!noAgent) {
      try {
        demo = DemoAgent.start(server, outDir, out, Durations.parseSeconds(statusInterval));
      } catch (IOException | ConfigException | RuntimeException e) {
        err.println("dev: the demo agent could not start: " + Redactor.redact(String.valueOf(e.getMessage())));
        err.println("dev: serving the Vault API only (pass --no-agent to skip the demo)");
        err.flush();
      }
    }
    started.countDown();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (demo != null) {
        demo.close();
      }
      server.close();
      closed.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException ignored) {
        // already shutting down
      }
    }
    return 0;
  }

  private void banner(PrintWriter out, DevServer s) {
    out.println("==> vaultlet dev: Vault API emulator started!");
    out.println();
    out.println("WARNING! This is a DEVELOPMENT AND TEST server. Everything is kept in memory and lost on exit,");
    out.println("nothing is encrypted, and the root token below is known. NEVER use it for real secrets.");
    out.println();
    out.println("You may need to set the following environment variables:");
    out.println();
    out.println("    $ export VAULT_ADDR='" + s.address() + "'");
    out.println();
    out.println("The root token below is valid for every path; `secret/` is a kv v2 mount.");
    out.println();
    out.println("Api Address: " + s.address());
    out.println("Root Token: " + s.rootToken());
    out.println();
    out.println("Test controls (faults, clock, request counters) live under " + s.address() + "/_dev/");
    out.println("(see docs/dev-server.md). AWS IAM and STS stand-ins answer at " + s.address() + " itself (set it as");
    out.println("the SDK's IAM/STS endpoint); seed users with POST " + s.address() + "/_dev/aws/users.");
    out.println();
  }

  /** Waits until the server listens (in-process use); null if it did not start in time. */
  public DevServer awaitStarted(long timeout, TimeUnit unit) throws InterruptedException {
    return started.await(timeout, unit) ? server : null;
  }

  /** Stops a running {@code dev} command (a test); returns at once. */
  public void stop() {
    stopped.countDown();
  }

  /** Stops a running {@code dev} command and waits until its server is closed; false if that took too long. */
  public boolean stopAndWait(long timeout, TimeUnit unit) {
    stop();
    try {
      return closed.await(timeout, unit);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
