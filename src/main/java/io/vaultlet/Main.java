package io.vaultlet;

import io.vaultlet.cli.AgentCommand;
import io.vaultlet.cli.CompletionCommand;
import io.vaultlet.cli.ConfigCommand;
import io.vaultlet.cli.DevCommand;
import io.vaultlet.cli.StatusCommand;
import io.vaultlet.cli.TemplateCommand;
import io.vaultlet.cli.VersionCommand;
import io.vaultlet.cli.VersionInfo;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vaultlet} command line: a Vault Agent-compatible secrets sidecar. */
@Command(
    name = "vaultlet",
    mixinStandardHelpOptions = true,
    versionProvider = VersionInfo.class,
    description = "A Vault Agent-compatible secrets sidecar: auto-auth, templates, lease renewal.")
public final class Main implements Runnable {

  /** The subcommands, in the order usage lists them. */
  private static final List<Class<?>> SUBCOMMANDS = List.of(AgentCommand.class, ConfigCommand.class,
      TemplateCommand.class, DevCommand.class, StatusCommand.class, VersionCommand.class, CompletionCommand.class);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private static volatile boolean ownsProcess;

  public static void main(String[] args) {
    ownsProcess = true;
    io.vaultlet.vault.EnvironmentProxies.prepareJdk(System.getenv()); // before the JDK's HTTP client first loads
    System.exit(run(args));
  }

  /** True when this is the process's own command line (not a test running it in-process): deadlines may halt it. */
  public static boolean ownsProcess() {
    return ownsProcess;
  }

  /** Runs the command line in-process and returns its exit code (used by tests). */
  public static int run(String... args) {
    return newCommandLine(args).execute(args);
  }

  /** The whole command line, every subcommand. */
  public static CommandLine newCommandLine() {
    return newCommandLine(SUBCOMMANDS);
  }

  /**
   * The command line for {@code args}: for {@code vaultlet agent …} (the sidecar's start, paid in every pod) only the
   * agent subcommand is built, since picocli reads every registered command's annotations up front; anything else
   * gets them all (usage, suggestions and completion need the whole tree).
   */
  static CommandLine newCommandLine(String... args) {
    return newCommandLine(args.length > 0 && args[0].equals("agent") ? List.of(AgentCommand.class) : SUBCOMMANDS);
  }

  private static CommandLine newCommandLine(List<Class<?>> subcommands) {
    CommandLine cmd = new CommandLine(new Main());
    subcommands.forEach(cmd::addSubcommand);
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    cmd.setUsageHelpAutoWidth(true);
    return cmd;
  }

  /** Bare {@code vaultlet}: picocli prints the message and the usage once, on stderr, and exits 2. */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
