package io.vaultlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** No Docker engine runs here: check what can be checked statically about the image recipe. */
class DockerfileTest {

  private static final Path ROOT = Path.of("").toAbsolutePath();

  private static List<String> instructions() throws IOException {
    String text = Files.readString(ROOT.resolve("Dockerfile")).replace("\\\n", " ");
    List<String> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      String t = line.strip();
      if (!t.isEmpty() && !t.startsWith("#")) {
        out.add(t);
      }
    }
    return out;
  }

  @Test
  void everyFileCopiedFromTheBuildContextExists() throws IOException {
    List<String> copies = instructions().stream()
        .filter(l -> l.startsWith("COPY ") && !l.contains("--from="))
        .toList();
    assertThat(copies).isNotEmpty();
    for (String copy : copies) {
      String[] parts = copy.split("\\s+");
      for (String source : Arrays.asList(parts).subList(1, parts.length - 1)) {
        assertThat(ROOT.resolve(source)).as(copy).exists();
      }
    }
  }

  @Test
  void theImageCopiesTheJarTheBuildProduces() throws Exception {
    Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(ROOT.resolve("pom.xml").toFile());
    String finalName = pom.getElementsByTagName("finalName").item(0).getTextContent().strip();
    String jar = "target/" + finalName + ".jar";
    assertThat(jar).isEqualTo("target/vaultlet.jar");
    assertThat(instructions()).anyMatch(l -> l.startsWith("COPY --from=build /src/" + jar + " "));
    assertThat(instructions()).anyMatch(l -> l.startsWith("RUN mvn") && l.contains("package"));
  }

  @Test
  void runsAsNonRootWithTheAgentEntrypoint() throws IOException {
    List<String> ins = instructions();
    String user = ins.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
    assertThat(user).doesNotContain("root").doesNotMatch("USER 0(:.*)?");
    String entrypoint = ins.stream().filter(l -> l.startsWith("ENTRYPOINT")).reduce((a, b) -> b).orElseThrow();
    assertThat(entrypoint).isEqualTo("ENTRYPOINT [\"vaultlet\", \"agent\", \"-config\", \"/etc/vaultlet\"]");
  }

  @Test
  void jlinkModulesExistInTheJdk() throws IOException {
    String jlink = instructions().stream().filter(l -> l.contains("jlink ")).findFirst().orElseThrow();
    Matcher m = Pattern.compile("--add-modules\\s+(\\S+)").matcher(jlink);
    assertThat(m.find()).isTrue();
    Set<String> system = ModuleFinder.ofSystem().findAll().stream()
        .map(ModuleReference::descriptor).map(d -> d.name()).collect(Collectors.toSet());
    for (String module : m.group(1).split(",")) {
      assertThat(system).as("module " + module).contains(module);
    }
    assertThat(m.group(1).split(",")).contains("java.net.http", "jdk.unsupported", "jdk.crypto.ec");
  }

  @Test
  void launcherScriptIsExecutable() {
    Path launcher = ROOT.resolve("docker/vaultlet");
    assertThat(Files.isExecutable(launcher)).isTrue();
  }
}
