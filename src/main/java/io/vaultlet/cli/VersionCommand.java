package io.vaultlet.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vaultlet version}: prints the version, like {@code vault version}. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the vaultlet version.")
public final class VersionCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().println("vaultlet v" + VersionInfo.version()
        + " (Java " + Runtime.version().feature() + ")");
    spec.commandLine().getOut().flush();
    return 0;
  }
}
