package io.vaultlet.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vaultlet agent}: run the sidecar, like {@code vault agent}. */
@Command(name = "agent", mixinStandardHelpOptions = true, description = "Run the agent (auto-auth, templates, renewal).")
public final class AgentCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ConfigOptions config;
  @Mixin LogOptions log;

  @Option(names = {"-exit-after-auth", "--exit-after-auth"}, description = "Authenticate, write sinks, then exit.")
  Boolean exitAfterAuth;

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("agent: not implemented yet");
    return 2;
  }
}
