package io.vaultlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The shaded jar itself ({@code target/vaultlet.jar}), on every JDK this machine has (17, and e.g. 21 or 25 under
 * /usr/lib/jvm): it starts, parses a configuration, renders a template offline.
 */
class JarIT {

  private static final Path JAR = Path.of("target/vaultlet.jar");

  @TestFactory
  List<DynamicTest> jarRunsOnEveryInstalledJdk() throws IOException {
    assertThat(JAR).exists();
    List<DynamicTest> tests = new ArrayList<>();
    for (Path java : javas()) {
      tests.add(DynamicTest.dynamicTest(java.toString(), () -> checkJar(java)));
    }
    return tests;
  }

  private static void checkJar(Path java) throws Exception {
    Result version = run(java, "version");
    assertThat(version.code).as(version.output).isZero();
    assertThat(version.output).startsWith("vaultlet v");

    Result check = run(java, "config", "check", "-config", "agent.hcl.example", "-skip-source-check");
    assertThat(check.code).as(check.output).isZero();
    assertThat(check.output).contains("\"address\" : \"https://vault.example.internal:8200\"");

    Path secrets = Files.createTempFile("secrets", ".json");
    try {
      Files.writeString(secrets, "{\"database/creds/demo-app\": {\"lease_duration\": 45, "
          + "\"data\": {\"username\": \"u1\", \"password\": \"p1\"}}}");
      Result render = run(java, "template", "render", "--secrets", secrets.toString(), "templates/db.env.ctmpl");
      assertThat(render.code).as(render.output).isZero();
      // offline there is no earlier value: .Previous renders empty
      assertThat(render.output).isEqualTo("DB_USERNAME=u1\nDB_PASSWORD=p1\nDB_LEASE_SECONDS=45\n"
          + "DB_PREVIOUS_USERNAME=\n");
    } finally {
      Files.deleteIfExists(secrets);
    }
  }

  /** The running JDK plus every JDK 17+ under /usr/lib/jvm. */
  private static Set<Path> javas() throws IOException {
    Set<Path> out = new LinkedHashSet<>();
    out.add(Path.of(System.getProperty("java.home"), "bin", "java").toRealPath());
    Path jvms = Path.of("/usr/lib/jvm");
    if (Files.isDirectory(jvms)) {
      try (Stream<Path> dirs = Files.list(jvms)) {
        for (Path dir : dirs.sorted().toList()) {
          Path java = dir.resolve("bin/java");
          if (Files.isExecutable(java) && featureVersion(java) >= 17) {
            out.add(java.toRealPath());
          }
        }
      }
    }
    return out;
  }

  private static int featureVersion(Path java) {
    try {
      Result r = run(java, null);
      Matcher m = Pattern.compile("version \"(\\d+)").matcher(r.output);
      return m.find() ? Integer.parseInt(m.group(1)) : 0;
    } catch (Exception e) {
      return 0;
    }
  }

  private record Result(int code, String output) {}

  private static Result run(Path java, String first, String... rest) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(java.toString());
    if (first == null) {
      cmd.add("-version");
    } else {
      cmd.add("-jar");
      cmd.add(JAR.toString());
      cmd.add(first);
      cmd.addAll(List.of(rest));
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
