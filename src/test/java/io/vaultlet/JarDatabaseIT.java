package io.vaultlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a new user's machine does with the shaded jar: {@code java -jar target/vaultlet.jar dev} with a
 * {@code java.io.tmpdir} nothing was ever unpacked into, then — through Vault's API, as a user would — mounts
 * {@code database/}, issues credentials and logs in to PostgreSQL with them. Then SIGTERM: exit 0.
 *
 * <p>This is the check that a green run on a machine with an earlier unpacked PostgreSQL once hid: an unconverged
 * dependency broke the unpacking itself.
 */
class JarDatabaseIT {

  private static final Path JAR = Path.of("target/vaultlet.jar");
  private static final ObjectMapper JSON = new ObjectMapper();

  private Path work;
  private Process dev;

  @BeforeEach
  void freshDirectories() throws IOException {
    work = Files.createTempDirectory(Path.of("target"), "jar-database-it-").toAbsolutePath();
  }

  @AfterEach
  void stop() throws Exception {
    if (dev != null && dev.isAlive()) {
      dev.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    try (Stream<Path> walk = Files.walk(work)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void theJarIssuesDatabaseCredentialsThatLogInFromAFreshTmpdir() throws Exception {
    Path tmp = Files.createDirectories(work.resolve("tmp"));
    Path log = work.resolve("dev.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    dev = new ProcessBuilder(java, "-Djava.io.tmpdir=" + tmp, "-jar", JAR.toAbsolutePath().toString(), "dev",
        "-dev-listen-address", "127.0.0.1:0", "-no-agent")
        .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    String address = awaitMatch(log, Pattern.compile("Api Address: (http://\\S+)")).group(1);

    HttpClient http = HttpClient.newHttpClient();
    assertThat(call(http, "POST", address + "/v1/sys/mounts/database", "{\"type\":\"database\"}").statusCode())
        .as(read(log)).isEqualTo(204);
    assertThat(call(http, "POST", address + "/v1/database/roles/app", "{\"db_name\":\"postgres\","
        + "\"creation_statements\":\"CREATE ROLE \\\"{{name}}\\\" WITH LOGIN PASSWORD '{{password}}' "
        + "VALID UNTIL '{{expiration}}';\",\"default_ttl\":\"1h\"}").statusCode()).isEqualTo(204);
    HttpResponse<String> creds = call(http, "GET", address + "/v1/database/creds/app", null);
    assertThat(creds.statusCode()).as(creds.body()).isEqualTo(200);
    JsonNode data = JSON.readTree(creds.body()).path("data");

    // where the engine's PostgreSQL listens, as Vault shows it (no password in it)
    String url = JSON.readTree(call(http, "GET", address + "/v1/database/config/postgres", null).body())
        .path("data").path("connection_details").path("connection_url").asText();
    Matcher hostPort = Pattern.compile("@(127\\.0\\.0\\.1:\\d+)/").matcher(url);
    assertThat(hostPort.find()).as(url).isTrue();
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + hostPort.group(1) + "/postgres",
        data.path("username").asText(), data.path("password").asText());
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_user")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo(data.path("username").asText());
    }
    assertThat(tmp.resolve("embedded-pg")).as("PostgreSQL was unpacked into the fresh tmpdir").isDirectory();
    assertThat(read(log)).doesNotContain("Exception").doesNotContain("\tat ");

    new ProcessBuilder("kill", "-TERM", Long.toString(dev.pid())).start().waitFor();
    assertThat(dev.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(dev.exitValue()).as("a requested shutdown exits 0").isZero();
  }

  private static HttpResponse<String> call(HttpClient http, String method, String url, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("X-Vault-Token", "root")
        .timeout(Duration.ofSeconds(60));
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private Matcher awaitMatch(Path log, Pattern p) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (true) {
      Matcher m = p.matcher(read(log));
      if (m.find()) {
        return m;
      }
      assertThat(dev.isAlive()).as("vaultlet dev is running: " + read(log)).isTrue();
      assertThat(Instant.now()).as("waiting for " + p).isBefore(deadline);
      Thread.sleep(100);
    }
  }

  private static String read(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
