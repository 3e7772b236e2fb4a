package io.vaultlet.dev.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.support.Log;
import io.vaultlet.testing.EmbeddedPostgres;
import io.vaultlet.testing.VaultHttp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Drives every engine that creates secrets at debug level, failures included, and greps the log for each secret value
 * it handed out or was given.
 */
class SecretsStayOutOfLogsTest {

  @Test
  void noSecretValueAppearsInTheLog() throws Exception {
    EmbeddedPostgresServer pg = EmbeddedPostgres.shared();
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    Log.Level before = Log.level();
    Log.setOutput(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    Log.setLevel(Log.Level.DEBUG);
    List<String> secrets = new ArrayList<>();
    try (DevServer vault = DevServer.start(DevOptions.defaults())) {
      VaultHttp http = new VaultHttp(vault.address(), vault.rootToken());
      secrets.add(pg.superuserPassword());

      http.write("sys/mounts/database", Map.of("type", "database"));
      http.write("database/roles/r", Map.of("db_name", "postgres", "creation_statements",
          "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';"));
      http.write("database/roles/broken", Map.of("db_name", "postgres", "creation_statements",
          "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD {{password}};"));
      VaultHttp.Response creds = http.get("database/creds/r");
      secrets.add(creds.string("password"));
      secrets.add(creds.string("username")); // part of the credential: neither on create nor on revoke
      http.get("database/creds/broken");
      http.post("sys/leases/revoke", Map.of("lease_id", creds.json().get("lease_id")));
      http.post("database/config/bad", Map.of("plugin_name", "postgresql-database-plugin",
          "connection_url", pg.connectionUrlTemplate(), "username", "postgres", "password", "wrong-password-1234"));
      secrets.add("wrong-password-1234");

      http.write("sys/auth/approle", Map.of("type", "approle"));
      http.write("auth/approle/role/a", Map.of());
      String roleId = http.get("auth/approle/role/a/role-id").string("role_id");
      String secretId = http.write("auth/approle/role/a/secret-id", Map.of()).string("secret_id");
      secrets.add(secretId);
      VaultHttp.Response login = http.withToken(null).post("auth/approle/login",
          Map.of("role_id", roleId, "secret_id", secretId));
      secrets.add((String) login.auth().get("client_token"));

      http.write("sys/mounts/aws", Map.of("type", "aws"));
      http.write("aws/config/root", Map.of("access_key", "AKIAEXAMPLEROOT00000", "secret_key", "aws-root-secret-5678"));
      secrets.add("aws-root-secret-5678");
      http.write("aws/roles/u", Map.of("credential_type", "iam_user"));
      secrets.add(http.get("aws/creds/u").string("secret_key"));

      http.write("sys/mounts/pki", Map.of("type", "pki"));
      http.write("pki/root/generate/internal", Map.of("common_name", "root"));
      http.write("pki/roles/any", Map.of("allow_any_name", true));
      String key = http.write("pki/issue/any", Map.of("common_name", "x.test", "ttl", "1h")).string("private_key");
      secrets.add(key.lines().skip(1).findFirst().orElseThrow());
      String intKey = http.write("pki/intermediate/generate/exported", Map.of("common_name", "int"))
          .string("private_key");
      secrets.add(intKey.lines().skip(1).findFirst().orElseThrow());

      http.write("sys/auth/userpass", Map.of("type", "userpass"));
      http.write("auth/userpass/users/u", Map.of("password", "userpass-secret-9012"));
      secrets.add("userpass-secret-9012");
      VaultHttp.Response upLogin = http.withToken(null).post("auth/userpass/login/u",
          Map.of("password", "userpass-secret-9012"));
      secrets.add((String) upLogin.auth().get("client_token"));
      http.withToken(null).post("auth/userpass/login/u", Map.of("password", "wrong-userpass-3456"));

      http.write("sys/mounts/transit", Map.of("type", "transit"));
      String plaintext = java.util.Base64.getEncoder().encodeToString("transit-plaintext-7788".getBytes(
          StandardCharsets.UTF_8));
      secrets.add(plaintext);
      String ciphertext = http.write("transit/encrypt/k", Map.of("plaintext", plaintext)).string("ciphertext");
      http.write("transit/decrypt/k", Map.of("ciphertext", ciphertext));
      http.post("transit/decrypt/k", Map.of("ciphertext", ciphertext.replace(":v1:", ":v1:AAAA")));
    } finally {
      Log.setOutput(System.err);
      Log.setLevel(before);
    }
    String log = buffer.toString(StandardCharsets.UTF_8);
    assertThat(log).contains("created database user: role=r", "revoked database user: role=r");
    for (String secret : secrets) {
      assertThat(log).doesNotContain(secret);
    }
  }
}
