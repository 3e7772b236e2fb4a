package io.vaultlet.dev;

import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;

/**
 * How to start a {@link DevServer}. Immutable; build with {@link #builder()}.
 *
 * @param listenAddress {@code host:port}; port 0 picks a free port (the default, for tests)
 * @param rootTokenId the root token's id ({@code -dev-root-token-id}); null or blank makes a random {@code hvs.} one
 * @param registry backend types that can be mounted
 * @param postgresUrl {@code -dev-postgres}: a JDBC URL for the database engine, or null
 * @param noPostgres {@code --no-postgres}: the database engine must not start PostgreSQL
 * @param tlsKeyStore when set, the server speaks HTTPS with this key (and asks for, but does not require, a client
 *     certificate — {@code cert} auth reads it); client certificates are not validated by TLS, the auth method does it
 * @param tlsPassword the key store and key password
 * @param clockStart the emulator clock's start; null for the system time
 * @param clockSpeed how fast the emulator clock runs relative to real time ({@code -dev-clock-speed}); 1 is real time,
 *     0 freezes it (tests then move it only with {@link DevServer#advanceClock})
 * @param threads HTTP worker threads
 * @param reapInterval real time between reaper runs (lease and token expiry)
 * @param awsPropagationDelay how long the IAM stand-in refuses a new access key ({@code -dev-aws-propagation-delay};
 *     emulator clock)
 */
public record DevOptions(
    String listenAddress,
    String rootTokenId,
    BackendRegistry registry,
    String postgresUrl,
    boolean noPostgres,
    KeyStore tlsKeyStore,
    char[] tlsPassword,
    Instant clockStart,
    double clockSpeed,
    int threads,
    Duration reapInterval,
    Duration awsPropagationDelay) {

  public DevOptions {
    if (clockSpeed < 0 || Double.isNaN(clockSpeed)) {
      throw new IllegalArgumentException("clock speed must be zero (frozen) or positive, got " + clockSpeed);
    }
    if (awsPropagationDelay == null || awsPropagationDelay.isNegative()) {
      throw new IllegalArgumentException("the AWS propagation delay must be zero or positive");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Ephemeral port, root token {@code root}, standard registry, real-time clock. */
  public static DevOptions defaults() {
    return builder().build();
  }

  /** Builder for {@link DevOptions}. */
  public static final class Builder {
    private String listenAddress = "127.0.0.1:0";
    private String rootTokenId = "root";
    private BackendRegistry registry;
    private String postgresUrl;
    private boolean noPostgres;
    private KeyStore tlsKeyStore;
    private char[] tlsPassword;
    private Instant clockStart;
    private double clockSpeed = 1.0;
    private int threads = 4;
    private Duration reapInterval = Duration.ofMillis(200);
    private Duration awsPropagationDelay = io.vaultlet.dev.iam.IamStandIn.DEFAULT_PROPAGATION_DELAY;

    private Builder() {}

    public Builder listenAddress(String value) {
      this.listenAddress = value;
      return this;
    }

    public Builder rootTokenId(String value) {
      this.rootTokenId = value;
      return this;
    }

    public Builder registry(BackendRegistry value) {
      this.registry = value;
      return this;
    }

    public Builder postgresUrl(String value) {
      this.postgresUrl = value;
      return this;
    }

    public Builder noPostgres(boolean value) {
      this.noPostgres = value;
      return this;
    }

    public Builder tls(KeyStore keyStore, char[] password) {
      this.tlsKeyStore = keyStore;
      this.tlsPassword = password == null ? null : password.clone();
      return this;
    }

    public Builder clockStart(Instant value) {
      this.clockStart = value;
      return this;
    }

    public Builder clockSpeed(double value) {
      this.clockSpeed = value;
      return this;
    }

    public Builder threads(int value) {
      this.threads = value;
      return this;
    }

    public Builder reapInterval(Duration value) {
      this.reapInterval = value;
      return this;
    }

    /** How long the IAM stand-in refuses a new access key (default 5s; zero: usable at once). */
    public Builder awsPropagationDelay(Duration value) {
      this.awsPropagationDelay = value;
      return this;
    }

    public DevOptions build() {
      return new DevOptions(listenAddress, rootTokenId, registry == null ? BackendRegistry.standard() : registry,
          postgresUrl, noPostgres, tlsKeyStore, tlsPassword, clockStart, clockSpeed, Math.max(1, threads),
          reapInterval, awsPropagationDelay);
    }
  }
}
