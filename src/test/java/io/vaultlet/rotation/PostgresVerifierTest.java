package io.vaultlet.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code verify { postgres }}: what it says about a rendered URL it cannot use (the login itself: VerifyBeforeSwitchTest). */
class PostgresVerifierTest {

  private static Verifier.Result check(String renderedUrl) {
    return new PostgresVerifier().verify(new Verifier.Candidate(Path.of("/tmp/staged"), Path.of("/tmp/db.env"),
        Map.of(), Map.of("postgres", renderedUrl), Duration.ofSeconds(1), Instant.EPOCH));
  }

  @Test
  void anUnusableUrlIsNamedByItsSettingNotByVaultsConnectionUrl() {
    assertThat(check("mysql://app:hunter22@db/app").message())
        .isEqualTo("the rendered verify.postgres is neither a postgres:// URL nor a key=value DSN");
    assertThat(check("  ").message()).isEqualTo("the verify.postgres URL rendered empty");
  }
}
