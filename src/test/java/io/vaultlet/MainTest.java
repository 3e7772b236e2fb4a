package io.vaultlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    CommandLine cmd = Main.newCommandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int code = cmd.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void versionPrintsProjectVersion() {
    Result r = run("version");
    assertThat(r.code()).isZero();
    assertThat(r.out()).matches("vaultlet v\\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(Java \\d+\\)\\s*");
  }

  @Test
  void noSubcommandIsAUsageError() {
    Result r = run();
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Missing required subcommand").contains("agent");
    assertThat(r.err()).as("the usage is printed once").containsOnlyOnce("Usage: vaultlet");
  }

  @Test
  void everyCommandHasHelp() {
    for (String[] args : new String[][] {
        {"--help"}, {"agent", "--help"}, {"config", "check", "--help"}, {"template", "render", "--help"},
        {"dev", "--help"}, {"version", "--help"}, {"completion", "--help"}}) {
      Result r = run(args);
      assertThat(r.code()).as(String.join(" ", args)).isZero();
      assertThat(r.out()).as(String.join(" ", args)).contains("Usage:");
    }
  }

  @Test
  void completionScriptCoversSubcommands() {
    Result r = run("completion");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("complete -F").contains("agent").contains("config");
  }
}
