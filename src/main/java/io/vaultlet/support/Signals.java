package io.vaultlet.support;

import java.util.Locale;
import sun.misc.Signal;

/**
 * POSIX signal handling for the agent: SIGTERM/SIGINT request a graceful shutdown (exit 0, as Vault Agent does),
 * SIGHUP requests a reload. Uses {@code sun.misc.Signal} (module jdk.unsupported), the only portable JDK hook.
 */
public final class Signals {

  private static final Log LOG = Log.named("signals");

  private Signals() {}

  /** Installs {@code handler} for {@code name} (e.g. "TERM", "HUP"); returns false where the OS lacks the signal. */
  public static boolean on(String name, Runnable handler) {
    try {
      Signal.handle(new Signal(name.toUpperCase(Locale.ROOT)), s -> {
        LOG.info("received signal", "signal", "SIG" + s.getName());
        handler.run();
      });
      return true;
    } catch (IllegalArgumentException e) {
      LOG.debug("signal not available on this platform", "signal", name);
      return false;
    }
  }
}
