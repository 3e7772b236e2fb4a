package io.vaultlet.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vaultlet config check}: parse, merge and validate; print the effective configuration (redacted). */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = "Parse, merge and validate configuration; print the effective configuration as JSON.")
public final class ConfigCheckCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ConfigOptions config;

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("config check: not implemented yet");
    return 2;
  }
}
