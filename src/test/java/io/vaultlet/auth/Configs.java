package io.vaultlet.auth;

import io.vaultlet.config.AutoAuthConfig;
import io.vaultlet.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Loads a real agent configuration file, so methods are built exactly as the agent builds them. */
final class Configs {

  private Configs() {}

  /** {@code autoAuth} is the body of an {@code auto_auth} block; a template keeps sink-less configs valid. */
  static AutoAuthConfig autoAuth(Path dir, String autoAuth) throws Exception {
    Path file = dir.resolve("agent-" + System.nanoTime() + ".hcl");
    Files.writeString(file, "vault { address = \"http://127.0.0.1:8200\" }\n"
        + "auto_auth {\n" + autoAuth + "\n}\n"
        + "template {\n  contents = \"x\"\n  destination = \"" + dir.resolve("out.txt") + "\"\n}\n");
    return ConfigLoader.load(List.of(file), Map.of()).config().autoAuth().orElseThrow();
  }
}
