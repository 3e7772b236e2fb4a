package io.vaultlet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.support.SystemScheduler;
import io.vaultlet.testing.VaultHttp;
import io.vaultlet.vault.VaultClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production scheduler (real threads, real clock) against the emulator in real time, with 2-second tokens:
 * a login, a renewal and a re-login near the 4-second max TTL happen without help. Timing rules themselves are
 * asserted with the manual clock elsewhere; this only proves the threads work together (waits on latches).
 */
class RealTimeSmokeTest {

  @TempDir Path dir;

  @Test
  void renewsAndReplacesTokensOnTheProductionScheduler() throws Exception {
    try (DevServer vault = DevServer.start(DevOptions.builder().noPostgres(true).build());
        SystemScheduler scheduler = new SystemScheduler("auth-test", 2)) {
      VaultHttp root = new VaultHttp(vault.address(), vault.rootToken());
      root.write("sys/auth/approle", Map.of("type", "approle"));
      root.write("auth/approle/role/app", Map.of("token_ttl", "2s", "token_max_ttl", "4s"));
      Path roleId = dir.resolve("role-id");
      Path secretId = dir.resolve("secret-id");
      Files.writeString(roleId, root.get("auth/approle/role/app/role-id").string("role_id"));
      Files.writeString(secretId, root.write("auth/approle/role/app/secret-id", Map.of()).string("secret_id"));
      VaultClient client = VaultClient.create(VaultClient.Settings.builder(vault.address()).build());
      CountDownLatch renewed = new CountDownLatch(1);
      CountDownLatch replaced = new CountDownLatch(2);
      Path sink = dir.resolve("token");

      try (TokenManager manager = TokenManager.builder(new AppRoleMethod("auth/approle", roleId,
          Optional.of(secretId), false, Optional.empty()), client, scheduler)
          .sinks(java.util.List.of(FileSink.of(sink, 0600))).build()) {
        manager.addTokenListener(new TokenListener() {
          @Override
          public void tokenChanged(TokenChange change) {
            replaced.countDown();
          }

          @Override
          public void tokenRenewed(AuthToken token) {
            renewed.countDown();
          }
        });
        manager.start();

        assertThat(renewed.await(20, TimeUnit.SECONDS)).as("renewed").isTrue();
        assertThat(replaced.await(20, TimeUnit.SECONDS)).as("first login and a re-login").isTrue();
        assertThat(Files.readString(sink)).isEqualTo(manager.current().orElseThrow().token());
      }
    }
  }
}
