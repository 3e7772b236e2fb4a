package io.vaultlet.config;

import io.vaultlet.config.hcl.Position;
import java.util.List;
import java.util.Optional;

/**
 * The top-level {@code exec} block: run a child process whose environment comes from the {@code env_template}s
 * (vault-agent.md §1.8, §5.1).
 *
 * @param command {@code command}: non-empty; a string is split on commas, as Vault does
 * @param restartOnSecretChanges {@code restart_on_secret_changes}, default {@code always}
 * @param restartStopSignal {@code restart_stop_signal}, canonical name such as {@code SIGTERM} (the default)
 * @param childProcessStdout {@code child_process_stdout} (Vault only): append the child's stdout to this file
 * @param childProcessStderr {@code child_process_stderr} (Vault only)
 */
public record ExecConfig(
    Position position,
    List<String> command,
    RestartPolicy restartOnSecretChanges,
    String restartStopSignal,
    Optional<String> childProcessStdout,
    Optional<String> childProcessStderr) {

  public static final String DEFAULT_STOP_SIGNAL = "SIGTERM";

  public ExecConfig {
    command = List.copyOf(command);
  }

  /** What to do with a running child when the rendered environment changes. */
  public enum RestartPolicy {
    ALWAYS,
    NEVER
  }
}
