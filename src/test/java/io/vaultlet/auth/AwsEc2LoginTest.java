package io.vaultlet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.vaultlet.support.ManualScheduler;
import io.vaultlet.vault.VaultClient;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * aws ec2 end to end. The emulator has no ec2 login (only iam), so a local stand-in plays Vault's
 * {@code auth/aws/login}: it records the body and answers with an auth block, while the identity comes from the local
 * IMDSv2 stand-in.
 */
class AwsEc2LoginTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void ec2LoginSendsTheImdsIdentityAndKeepsItsNonceAcrossLogins() throws Exception {
    String saved = System.getProperty("aws.ec2MetadataServiceEndpoint");
    List<JsonNode> logins = new CopyOnWriteArrayList<>();
    HttpServer vault = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    vault.createContext("/v1/auth/aws/login", ex -> {
      logins.add(JSON.readTree(ex.getRequestBody()));
      byte[] body = ("{\"auth\":{\"client_token\":\"hvs.ec2-login-token-" + logins.size() + "\",\"accessor\":\"acc-"
          + logins.size() + "\",\"policies\":[\"web\"],\"lease_duration\":30,\"renewable\":false}}")
          .getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    vault.start();
    try (AwsStandIns imds = new AwsStandIns(); Recorder rec = new Recorder()) {
      System.setProperty("aws.ec2MetadataServiceEndpoint", imds.endpoint());
      ManualScheduler scheduler = new ManualScheduler();
      VaultClient client = VaultClient.create(VaultClient.Settings.builder(
          "http://127.0.0.1:" + vault.getAddress().getPort()).build());
      var config = Configs.autoAuth(dir, "method \"aws\" {\n config = {\n type = \"ec2\"\n role = \"web\"\n }\n}");

      try (TokenManager manager = TokenManager.fromConfig(config, client, scheduler)) {
        manager.addTokenListener(rec);
        manager.start();
        scheduler.runDue();
        scheduler.advance(java.time.Duration.ofSeconds(30));
      }

      assertThat(logins).hasSize(2);
      JsonNode first = logins.get(0);
      assertThat(first.path("role").asText()).isEqualTo("web");
      assertThat(new String(java.util.Base64.getDecoder().decode(first.path("identity").asText()),
          StandardCharsets.UTF_8)).contains("\"instanceId\":\"i-0abc\"");
      assertThat(first.path("signature").asText()).isEqualTo("c2lnbmF0dXJl\nbGluZTI=");
      assertThat(logins.get(1).path("nonce").asText()).isEqualTo(first.path("nonce").asText()).isNotEmpty();
      assertThat(rec.changes).hasSize(2);
      assertThat(rec.log()).doesNotContain("hvs.ec2-login-token-1").doesNotContain(first.path("nonce").asText());
    } finally {
      vault.stop(0);
      if (saved == null) {
        System.clearProperty("aws.ec2MetadataServiceEndpoint");
      } else {
        System.setProperty("aws.ec2MetadataServiceEndpoint", saved);
      }
    }
  }
}
