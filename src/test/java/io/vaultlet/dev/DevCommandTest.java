package io.vaultlet.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vaultlet.Main;
import io.vaultlet.cli.DevCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DevCommandTest {

  @Test
  void vaultletDevServesHealthAndAcceptsTheRootTokenLikeCurl() throws Exception {
    CommandLine cmd = Main.newCommandLine();
    StringWriter out = new StringWriter();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(new StringWriter(), true));
    DevCommand dev = cmd.getSubcommands().get("dev").getCommand();
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cmd.execute(
        "dev", "--no-agent", "-dev-listen-address=127.0.0.1:0", "-dev-root-token-id", "dev-root"));
    DevServer server = dev.awaitStarted(20, TimeUnit.SECONDS);
    assertThat(server).as("started; output: " + out).isNotNull();
    try {
      Http curl = new Http(server.address(), "dev-root");
      assertThat(curl.get("/v1/sys/health").status()).isEqualTo(200);
      assertThat(curl.get("/v1/auth/token/lookup-self").data()).containsEntry("policies",
          java.util.List.of("root"));
      assertThat(out.toString()).contains("DEVELOPMENT AND TEST server").contains("Api Address: " + server.address())
          .doesNotContain("demo agent");
    } finally {
      dev.stop();
    }
    assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void withoutNoAgentItRunsTheDemoAgentIntoTheOutDirectory(@TempDir Path dir) throws Exception {
    CommandLine cmd = Main.newCommandLine();
    StringWriter out = new StringWriter();
    cmd.setOut(new PrintWriter(out, true));
    DevCommand dev = cmd.getSubcommands().get("dev").getCommand();
    Path demoOut = dir.resolve("out");
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cmd.execute(
        "dev", "-dev-listen-address", "127.0.0.1:0", "-dev-out", demoOut.toString(), "-dev-status-interval=0"));
    assertThat(dev.awaitStarted(60, TimeUnit.SECONDS)).isNotNull();
    try {
      assertThat(out.toString()).contains("demo agent started");
      assertThat(demoOut.resolve(".demo/agent.hcl")).exists();
    } finally {
      dev.stop();
    }
    assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void stopAndWaitReturnsOnlyOnceTheServerIsClosed() throws Exception {
    CommandLine cmd = Main.newCommandLine();
    cmd.setOut(new PrintWriter(new StringWriter(), true));
    DevCommand dev = cmd.getSubcommands().get("dev").getCommand();
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cmd.execute(
        "dev", "--no-agent", "--no-postgres", "-dev-listen-address", "127.0.0.1:0"));
    DevServer server = dev.awaitStarted(20, TimeUnit.SECONDS);
    assertThat(server).isNotNull();
    Http curl = new Http(server.address(), server.rootToken());
    assertThat(curl.get("/v1/sys/health").status()).isEqualTo(200);
    assertThat(dev.stopAndWait(20, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(() -> curl.sendChecked("GET", "/v1/sys/health", null)).isInstanceOf(IOException.class);
    assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void postgresFlagsAreExclusive() {
    CommandLine cmd = Main.newCommandLine();
    StringWriter err = new StringWriter();
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute("dev", "--no-postgres", "-dev-postgres", "jdbc:postgresql://localhost/x");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("cannot be used together");
  }
}
