package io.vaultlet.support;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starting and killing child processes as whole process groups, shared by reload commands, the exec child and
 * verification commands: a command string with whitespace runs through {@code /bin/sh -c}, every command is started
 * through {@code setsid} where it exists (so it leads its own group), and a kill reaches the whole group.
 */
public final class ProcessGroups {

  private static final Log LOG = Log.named("render.command");

  private ProcessGroups() {}

  /** One element with whitespace: {@code /bin/sh -c}; otherwise the list itself. */
  public static List<String> argv(List<String> command) {
    if (command.size() == 1 && command.get(0).strip().chars().anyMatch(Character::isWhitespace)) {
      return List.of("/bin/sh", "-c", command.get(0));
    }
    return command.size() == 1 && command.get(0).isBlank() ? List.of() : command;
  }

  /**
   * The JVM cannot create a process group itself, so where {@code setsid} exists the command is started through it:
   * the command then leads its own group and a timeout kills the whole group, like consul-template's {@code setpgid}.
   */
  public static List<String> withOwnGroup(List<String> argv) {
    if (SETSID == null) {
      return argv;
    }
    List<String> out = new ArrayList<>();
    out.add(SETSID);
    out.addAll(argv);
    return out;
  }

  private static final String SETSID = java.util.stream.Stream.of("/usr/bin/setsid", "/bin/setsid")
      .filter(f -> java.nio.file.Files.isExecutable(java.nio.file.Path.of(f))).findFirst().orElse(null);

  /** Kills the process's group (when it has its own) and every descendant still attached, with SIGKILL. */
  public static void kill(Process p) {
    List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
    if (SETSID != null) {
      try {
        new ProcessBuilder("kill", "-KILL", "--", "-" + p.pid()).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
      } catch (IOException e) {
        LOG.debug("could not signal the process group", "error", e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    p.destroyForcibly();
    tree.forEach(ProcessHandle::destroyForcibly);
    try {
      p.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
