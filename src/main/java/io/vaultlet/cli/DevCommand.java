package io.vaultlet.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vaultlet dev}: the Vault API emulator for development and tests. */
@Command(name = "dev", mixinStandardHelpOptions = true, description = "Run the Vault API emulator (development only).")
public final class DevCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("dev: not implemented yet");
    return 2;
  }
}
