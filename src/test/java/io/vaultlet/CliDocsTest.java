package io.vaultlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** docs/cli.md stays true: every command and every flag the CLI has is documented there. */
class CliDocsTest {

  @Test
  void everyCommandAndFlagIsInTheCliReference() throws IOException {
    String doc = Files.readString(Path.of("docs/cli.md"));
    List<String> missing = new ArrayList<>();
    walk(Main.newCommandLine(), doc, missing);
    assertThat(missing).as("documented in docs/cli.md").isEmpty();
  }

  private static void walk(CommandLine cmd, String doc, List<String> missing) {
    CommandSpec spec = cmd.getCommandSpec();
    if (!spec.qualifiedName().equals("vaultlet") && !doc.contains("`" + spec.qualifiedName())) {
      missing.add("command " + spec.qualifiedName());
    }
    for (OptionSpec option : spec.options()) {
      if (option.usageHelp() || option.versionHelp()) {
        continue;
      }
      String name = option.shortestName();
      if (!doc.contains("`" + name)) {
        missing.add(spec.qualifiedName() + " " + name);
      }
    }
    for (CommandLine sub : cmd.getSubcommands().values()) {
      walk(sub, doc, missing);
    }
  }
}
