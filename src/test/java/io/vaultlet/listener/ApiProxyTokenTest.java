package io.vaultlet.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code use_auto_auth_token} beyond {@code true}: {@code "force"} replaces whatever token the client sent with the
 * auto-auth token; {@code false} (and no {@code api_proxy} at all) forwards only the client's own token, so a request
 * without one gets Vault's 403. Large answers stream through unchanged.
 */
class ApiProxyTokenTest {

  @TempDir Path dir;

  private static final String LISTENER = "listener \"tcp\" {\n  address = \"127.0.0.1:0\"\n  tls_disable = true\n}\n";

  @Test
  void forceReplacesTheClientsToken() throws Exception {
    try (ListenerFixture f = new ListenerFixture(dir)) {
      String big = "x".repeat(2 << 20);
      f.root.write("secret/data/app", Map.of("data", Map.of("k", "v", "big", big)));
      f.start("api_proxy { use_auto_auth_token = \"force\" }\n" + LISTENER);
      HttpResponse<String> r = read(f, "hvs.not-a-real-token");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"k\":\"v\"").contains(big);
      assertThat(read(f, null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void falseForwardsOnlyTheClientsOwnToken() throws Exception {
    try (ListenerFixture f = new ListenerFixture(dir)) {
      f.root.write("secret/data/app", Map.of("data", Map.of("k", "v")));
      // Vault refuses an auto_auth whose token goes nowhere: a template uses it here
      f.start("api_proxy { use_auto_auth_token = false }\n" + LISTENER
          + "template {\n  contents = \"{{ with secret \\\"secret/data/app\\\" }}{{ .Data.data.k }}{{ end }}\"\n"
          + "  destination = \"" + dir.resolve("k.txt") + "\"\n}\n");
      HttpResponse<String> none = read(f, null);
      assertThat(none.statusCode()).isEqualTo(403);
      assertThat(none.body()).contains("permission denied");
      assertThat(read(f, f.token).statusCode()).isEqualTo(200);
    }
  }

  private static HttpResponse<String> read(ListenerFixture f, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(f.url() + "/v1/secret/data/app")).GET();
    if (token != null) {
      b.header("X-Vault-Token", token);
    }
    return f.send(b.build());
  }
}
