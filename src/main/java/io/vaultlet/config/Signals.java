package io.vaultlet.config;

import io.vaultlet.support.Suggestions;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Signal names accepted by {@code exec.restart_stop_signal} (consul-template's {@code signals.Parse}, on Linux). */
public final class Signals {

  /** The POSIX/Linux signal names consul-template's lookup table knows. */
  public static final Set<String> NAMES = Set.of(
      "SIGABRT", "SIGALRM", "SIGBUS", "SIGCHLD", "SIGCONT", "SIGFPE", "SIGHUP", "SIGILL", "SIGINT", "SIGIO",
      "SIGIOT", "SIGKILL", "SIGPIPE", "SIGPROF", "SIGPWR", "SIGQUIT", "SIGSEGV", "SIGSTKFLT", "SIGSTOP", "SIGSYS",
      "SIGTERM", "SIGTRAP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGUSR1", "SIGUSR2", "SIGVTALRM",
      "SIGWINCH", "SIGXCPU", "SIGXFSZ");

  private Signals() {}

  /** The canonical name ({@code "sigint"} gives {@code SIGINT}), or empty for an unknown signal. */
  public static Optional<String> parse(String text) {
    String name = text.trim().toUpperCase(Locale.ROOT);
    return NAMES.contains(name) ? Optional.of(name) : Optional.empty();
  }

  /** A hint for an unknown name: {@code TERM} suggests {@code SIGTERM}, typos suggest the nearest name. */
  static String hint(String text) {
    String name = text.trim().toUpperCase(Locale.ROOT);
    if (NAMES.contains("SIG" + name)) {
      return " (did you mean \"SIG" + name + "\"?)";
    }
    return Suggestions.didYouMean(name, NAMES);
  }
}
