package io.vaultlet.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link DevServer#serve}: extra paths for providers' stand-ins, never over Vault's API, kept across a re-listen. */
class DevServerServeTest {

  private static final HttpHandler HELLO = ex -> {
    byte[] body = ("hello " + ex.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(200, body.length);
    ex.getResponseBody().write(body);
    ex.close();
  };

  private static HttpResponse<String> get(DevServer vault, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(vault.address() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aServedPrefixAnswersBesideVaultsApiAndSurvivesTheListenerBeingReopened() throws Exception {
    try (DevServer vault = DevServer.start(DevOptions.builder().noPostgres(true).build())) {
      vault.serve("/_test/", HELLO);
      assertThat(get(vault, "/_test/a/b").body()).isEqualTo("hello /_test/a/b");
      assertThat(get(vault, "/v1/sys/health").statusCode()).isEqualTo(200);
      assertThat(get(vault, "/_tes").statusCode()).isEqualTo(404);

      vault.refuseConnections(Duration.ofMinutes(10));
      vault.acceptConnections();
      assertThat(get(vault, "/_test/again").body()).isEqualTo("hello /_test/again");
    }
  }

  @Test
  void prefixesThatCouldShadowVaultOrTheControlsAreRefused() throws Exception {
    try (DevServer vault = DevServer.start(DevOptions.builder().noPostgres(true).build())) {
      for (String bad : new String[] {"/v1/", "/", "/_dev/", "/_x", "/_aws/"}) {
        assertThatThrownBy(() -> vault.serve(bad, HELLO)).as(bad).isInstanceOf(IllegalArgumentException.class);
      }
      vault.serve("/_dev/test/", HELLO);
      assertThatThrownBy(() -> vault.serve("/_dev/test/", HELLO)).isInstanceOf(IllegalArgumentException.class);
      assertThat(get(vault, "/_dev/test/x").body()).isEqualTo("hello /_dev/test/x");
      assertThat(get(vault, "/_dev/clock").statusCode()).isEqualTo(200);
    }
  }
}
