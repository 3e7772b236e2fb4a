package io.vaultlet.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The typed keys of one {@code listener} block (Vault's shared {@code configutil.Listener} plus the agent's own keys),
 * with Vault's defaults applied. Built by {@link ListenerBinder}.
 *
 * @param tlsDisable {@code tls_disable}: plain HTTP (Vault's default is TLS, so a TCP listener without it needs
 *     {@code tls_cert_file} and {@code tls_key_file})
 * @param tlsCertFile {@code tls_cert_file}: PEM certificate (and chain)
 * @param tlsKeyFile {@code tls_key_file}: PEM private key
 * @param tlsMinVersion {@code tls_min_version}: {@code tls12} by default
 * @param tlsMaxVersion {@code tls_max_version}: {@code tls13} by default
 * @param tlsCipherSuites {@code tls_cipher_suites}, IANA names; empty means the JDK's defaults
 * @param requireClientCert {@code tls_require_and_verify_client_cert}
 * @param clientCaFile {@code tls_client_ca_file}: the CAs a client certificate must chain to (the JDK's trust store
 *     when absent, as Go uses the system roots)
 * @param requireRequestHeader {@code require_request_header}: every request but metrics must carry
 *     {@code X-Vault-Request: true} (412 otherwise)
 * @param socketMode {@code socket_mode} (unix): the permission bits of the socket file ({@code "0660"} or
 *     {@code 0660}, read as octal once, when the configuration is bound); {@link #INVALID_MODE} for a value that is
 *     no mode (the listener then fails to start, as Vault's)
 * @param socketUser {@code socket_user} (unix): owner, a name or a numeric id
 * @param socketGroup {@code socket_group} (unix): group, a name or a numeric id
 * @param maxRequestSize {@code max_request_size} in bytes (default 32 MiB); negative: no limit
 * @param readHeaderTimeout {@code http_read_header_timeout} (default 10s, Vault Agent's fixed value)
 * @param readTimeout {@code http_read_timeout} (default 30s)
 * @param idleTimeout {@code http_idle_timeout} (default 5m)
 * @param agentApi {@code agent_api { … }}
 */
public record ListenerSettings(
    boolean tlsDisable,
    Optional<String> tlsCertFile,
    Optional<String> tlsKeyFile,
    String tlsMinVersion,
    String tlsMaxVersion,
    List<String> tlsCipherSuites,
    boolean requireClientCert,
    Optional<String> clientCaFile,
    boolean requireRequestHeader,
    Optional<Integer> socketMode,
    Optional<String> socketUser,
    Optional<String> socketGroup,
    long maxRequestSize,
    Duration readHeaderTimeout,
    Duration readTimeout,
    Duration idleTimeout,
    AgentApi agentApi) {

  /** {@code socket_mode} was written but is no octal mode. */
  public static final int INVALID_MODE = -1;
  public static final long DEFAULT_MAX_REQUEST_SIZE = 32L * 1024 * 1024;
  public static final Duration DEFAULT_READ_HEADER_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
  public static final Duration DEFAULT_RENDER_ERROR_BUDGET = Duration.ofMinutes(5);

  public ListenerSettings {
    tlsCipherSuites = List.copyOf(tlsCipherSuites);
  }

  /** Plain HTTP with every default: what a listener written as {@code tls_disable = true} and nothing else gets. */
  public static ListenerSettings plain() {
    return new ListenerSettings(true, Optional.empty(), Optional.empty(), "tls12", "tls13", List.of(), false,
        Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_MAX_REQUEST_SIZE,
        DEFAULT_READ_HEADER_TIMEOUT, DEFAULT_READ_TIMEOUT, DEFAULT_IDLE_TIMEOUT, AgentApi.DEFAULT);
  }

  /**
   * {@code agent_api { … }}.
   *
   * @param enableQuit {@code enable_quit} (Vault): {@code POST /agent/v1/quit} stops the agent
   * @param enableStatus {@code enable_status} (vaultlet, default true): {@code GET /agent/v1/status}
   * @param enableRotate {@code enable_rotate} (vaultlet, default false): {@code POST /agent/v1/rotate}
   * @param renderErrorBudget {@code render_error_budget} (vaultlet, default 5m): how long a template may keep failing
   *     to render before {@code /agent/v1/health} reports it
   */
  public record AgentApi(boolean enableQuit, boolean enableStatus, boolean enableRotate, Duration renderErrorBudget) {
    public static final AgentApi DEFAULT = new AgentApi(false, true, false, DEFAULT_RENDER_ERROR_BUDGET);
  }
}
