package io.vaultlet.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vaultlet template render}: render a template offline. */
@Command(name = "render", mixinStandardHelpOptions = true, description = "Render a template offline.")
public final class TemplateRenderCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("template render: not implemented yet");
    return 2;
  }
}
