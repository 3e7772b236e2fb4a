package io.vaultlet;

import io.vaultlet.config.AgentConfig;
import io.vaultlet.config.ConfigException;
import io.vaultlet.config.LoadedConfig;
import io.vaultlet.config.Problem;
import io.vaultlet.support.Log;
import io.vaultlet.support.PidFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Owns the agent's lifecycle: builds everything from {@link AgentConfig}, starts it, applies reloads (SIGHUP) and
 * shuts down in order (SIGTERM/SIGINT). Auto-auth, templates and the lease watcher plug in here as they land.
 */
public final class Agent implements AutoCloseable {

  private static final Log LOG = Log.named("agent");

  /** Re-reads the configuration from the same sources (the {@code -config} paths and the environment). */
  @FunctionalInterface
  public interface ConfigSource {
    LoadedConfig load() throws ConfigException;
  }

  private final ConfigSource source;
  private final Log.Level levelFlag;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile AgentConfig config;
  private PidFile pidFile;

  /**
   * @param initial the configuration already loaded (and validated) by the command
   * @param source how to load it again on reload
   * @param levelFlag the {@code -log-level} flag, which beats the file on reload too; null when not given
   */
  public Agent(LoadedConfig initial, ConfigSource source, Log.Level levelFlag) {
    this.source = source;
    this.levelFlag = levelFlag;
    this.config = initial.config();
    logWarnings(initial);
  }

  public AgentConfig config() {
    return config;
  }

  /** Starts the agent: writes the pid file and reports what runs. */
  public void start() throws IOException {
    Optional<String> pid = config.pidFile();
    if (pid.isPresent()) {
      pidFile = PidFile.write(Path.of(pid.get()));
    }
    LOG.info("vaultlet agent started", "templates", config.templates().size(),
        "auto_auth", config.autoAuth().map(a -> a.method().type()).orElse("none"));
    if (config.autoAuth().isPresent() || !config.templates().isEmpty() || config.exec().isPresent()) {
      LOG.warn("auto-auth, templates and exec are not active in this build yet: the agent idles until stopped");
    }
  }

  /**
   * SIGHUP: re-reads the configuration. An invalid new configuration is reported and the running one is kept.
   * Today the log level is applied; templates follow when the runner lands.
   */
  public void reload() {
    LoadedConfig loaded;
    try {
      loaded = source.load();
    } catch (ConfigException e) {
      for (Problem p : e.problems()) {
        LOG.error("reload: configuration is invalid, keeping the running one", "problem", p.toString());
      }
      return;
    }
    logWarnings(loaded);
    config = loaded.config();
    Log.setLevel(levelFlag != null ? levelFlag : config.log().level());
    LOG.info("configuration reloaded", "log_level", Log.level().name().toLowerCase(java.util.Locale.ROOT));
    LOG.debug("reload complete");
  }

  /** Asks the agent to stop; {@link #awaitStop} returns. */
  public void stop() {
    stopped.countDown();
  }

  /** Blocks until {@link #stop} (or the timeout). Returns true when stopped. */
  public boolean awaitStop(long timeout, TimeUnit unit) throws InterruptedException {
    return stopped.await(timeout, unit);
  }

  @Override
  public void close() {
    LOG.info("shutting down");
    if (pidFile != null) {
      pidFile.close();
    }
  }

  private static void logWarnings(LoadedConfig loaded) {
    for (Problem w : loaded.warnings()) {
      LOG.warn(w.message(), "at", w.position().toString());
    }
  }
}
