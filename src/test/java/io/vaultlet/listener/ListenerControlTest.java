package io.vaultlet.listener;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several listeners with different {@code agent_api} rules, as Vault Agent's {@code agent_api} is per listener: the
 * control endpoints answer only where they are switched on ({@code enable_rotate}, {@code enable_status},
 * {@code enable_quit}) and never without the listener's {@code require_request_header}; a unix listener's socket file
 * gets {@code socket_mode}, {@code socket_user} and {@code socket_group} (names or ids).
 */
class ListenerControlTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void controlEndpointsOnlyWhereTheListenerAllowsThemAndUnderItsRules() throws Exception {
    boolean root = "root".equals(System.getProperty("user.name"));
    String user = root ? "nobody" : System.getProperty("user.name");
    Path named = dir.resolve("named.sock");
    Path numeric = dir.resolve("numeric.sock");
    try (ListenerFixture f = new ListenerFixture(dir)) {
      f.root.write("secret/data/app", Map.of("data", Map.of("k", "v")));
      Path out = dir.resolve("app.txt");
      f.start("template {\n  contents = \"{{ with secret \\\"secret/data/app\\\" }}{{ .Data.data.k }}{{ end }}\"\n"
          + "  destination = \"" + out + "\"\n}\n"
          + "listener \"tcp\" {\n  address = \"127.0.0.1:0\"\n  tls_disable = true\n}\n"
          + "listener \"tcp\" {\n  address = \"127.0.0.1:0\"\n  tls_disable = true\n"
          + "  require_request_header = true\n"
          + "  agent_api {\n    enable_rotate = true\n    enable_status = false\n  }\n}\n"
          + "listener \"unix\" {\n  address = \"" + named + "\"\n  socket_mode = \"0660\"\n"
          + "  socket_user = \"" + user + "\"\n  socket_group = \"" + (root ? "nogroup" : groupOf(dir)) + "\"\n}\n"
          + "listener \"unix\" {\n  address = \"" + numeric + "\"\n  socket_mode = \"0640\"\n"
          + (root ? "  socket_user = \"65534\"\n  socket_group = \"65534\"\n" : "") + "}\n");
      ListenerFixture.await("the first render", () -> Files.exists(out));
      String plain = f.agent.listenerUrls().get(0);
      String guarded = f.agent.listenerUrls().get(1);

      // rotate: only on the listener that enables it, and only with X-Vault-Request there
      assertThat(post(f, plain + "/agent/v1/rotate", "{\"template\":\"" + out + "\"}", true).statusCode())
          .isEqualTo(404);
      assertThat(post(f, guarded + "/agent/v1/rotate", "{\"template\":\"" + out + "\"}", false).statusCode())
          .as("require_request_header").isEqualTo(412);
      HttpResponse<String> rotated = post(f, guarded + "/agent/v1/rotate", "{\"template\":\"" + out + "\"}", true);
      assertThat(rotated.statusCode()).isEqualTo(202);
      assertThat(JSON.readTree(rotated.body()).path("rotating").get(0).asText())
          .isEqualTo("vault.read(secret/data/app)");
      // status: on by default, off where enable_status = false
      assertThat(get(f, plain + "/agent/v1/status").statusCode()).isEqualTo(200);
      assertThat(get(f, guarded + "/agent/v1/status").statusCode()).as("require_request_header first").isEqualTo(412);
      assertThat(f.send(HttpRequest.newBuilder(URI.create(guarded + "/agent/v1/status")).header("X-Vault-Request",
          "true").build()).statusCode()).isEqualTo(404);
      // quit: nowhere without enable_quit, whatever the method
      assertThat(post(f, plain + "/agent/v1/quit", "", true).statusCode()).isEqualTo(404);
      assertThat(post(f, guarded + "/agent/v1/quit", "", true).statusCode()).isEqualTo(404);
      assertThat(f.agent.awaitStop(200, java.util.concurrent.TimeUnit.MILLISECONDS)).as("still running").isEmpty();
      // probes need no header even where require_request_header is set
      assertThat(get(f, guarded + "/agent/v1/health").statusCode()).isEqualTo(200);

      // unix sockets: mode, owner and group by name and by id
      PosixFileAttributes a = Files.readAttributes(named, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      assertThat(PosixFilePermissions.toString(a.permissions())).isEqualTo("rw-rw----");
      assertThat(a.owner().getName()).isEqualTo(user);
      if (root) {
        assertThat(a.group().getName()).isEqualTo("nogroup");
        PosixFileAttributes b = Files.readAttributes(numeric, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        assertThat(b.owner().getName()).isEqualTo("nobody");
        assertThat(b.group().getName()).isEqualTo("nogroup");
        assertThat(PosixFilePermissions.toString(b.permissions())).isEqualTo("rw-r-----");
      }
      assertThat(unixStatus(named)).startsWith("HTTP/1.1 200").contains("TEMPLATE").contains("app.txt");
    }
  }

  private static String groupOf(Path p) throws IOException {
    return Files.readAttributes(p, PosixFileAttributes.class).group().getName();
  }

  private static HttpResponse<String> get(ListenerFixture f, String url) throws Exception {
    return f.send(HttpRequest.newBuilder(URI.create(url)).GET().build());
  }

  private static HttpResponse<String> post(ListenerFixture f, String url, String body, boolean header)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
    if (header) {
      b.header("X-Vault-Request", "true");
    }
    return f.send(b.build());
  }

  private static String unixStatus(Path socket) throws IOException {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ch.write(ByteBuffer.wrap(("GET /agent/v1/status?format=table HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII)));
      return new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
