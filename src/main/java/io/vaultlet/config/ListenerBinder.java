package io.vaultlet.config;

import io.vaultlet.config.hcl.LiteralNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Types the keys of a {@code listener} block with Vault's names and defaults ({@code configutil.Listener},
 * {@code listenerutil.TLSConfig}). Keys of Vault's server listener that mean nothing to an agent are accepted with a
 * warning that vaultlet ignores them; other unknown keys are warnings with a suggestion (Vault ignores them).
 */
final class ListenerBinder {

  static final Set<String> KEYS = Set.of("type", "address", "role", "tls_disable", "tls_cert_file", "tls_key_file",
      "tls_min_version", "tls_max_version", "tls_cipher_suites", "tls_require_and_verify_client_cert",
      "tls_client_ca_file", "tls_disable_client_certs", "require_request_header", "socket_mode", "socket_user",
      "socket_group", "max_request_size", "http_read_header_timeout", "http_read_timeout", "http_idle_timeout",
      "agent_api");
  /** Vault server listener keys an agent listener accepts and does not use. */
  static final Set<String> IGNORED_KEYS = Set.of("cluster_address", "purpose", "max_request_duration",
      "max_request_json_memory", "max_request_json_strings", "http_write_timeout", "tls_auto_reload",
      "tls_auto_reload_interval", "tls_key_exchange_preferences", "tls_prefer_server_cipher_suites",
      "proxy_protocol_behavior", "proxy_protocol_authorized_addrs", "x_forwarded_for_authorized_addrs",
      "x_forwarded_for_hop_skips", "x_forwarded_for_reject_not_present", "x_forwarded_for_reject_not_authorized",
      "x_forwarded_for_client_cert_header", "x_forwarded_for_client_cert_decoders", "telemetry", "profiling",
      "inflight_requests_logging", "cors_enabled", "cors_allowed_origins", "cors_allowed_headers",
      "custom_response_headers", "proxy_api", "unauthenticated_metrics_access", "chroot_namespace",
      "disable_replication_status_endpoints", "redact_addresses", "redact_cluster_name", "redact_version",
      "disable_request_limiter", "tls_acme_cache_path", "tls_acme_ca_directory", "tls_acme_domains",
      "tls_acme_email", "tls_acme_key_type");
  static final Set<String> AGENT_API_KEYS = Set.of("enable_quit", "enable_status", "enable_rotate",
      "render_error_budget");
  private static final List<String> TLS_VERSIONS = List.of("tls10", "tls11", "tls12", "tls13");

  private ListenerBinder() {}

  static ListenerSettings bind(Block block, String type) {
    for (String key : block.unknownKeys(KEYS)) {
      if (IGNORED_KEYS.contains(key)) {
        block.problems().warn(block.positionOf(key), "'" + block.qualify(key) + "' is a Vault server listener"
            + " setting; vaultlet ignores it");
      }
    }
    Set<String> all = new java.util.HashSet<>(KEYS);
    all.addAll(IGNORED_KEYS);
    block.warnUnknownKeys(all);
    boolean tlsDisable = block.weakBool("tls_disable").orElse(false);
    Optional<String> cert = block.nonEmptyString("tls_cert_file");
    Optional<String> key = block.nonEmptyString("tls_key_file");
    String min = tlsVersion(block, "tls_min_version", "tls12");
    String max = tlsVersion(block, "tls_max_version", "tls13");
    if (TLS_VERSIONS.indexOf(max) < TLS_VERSIONS.indexOf(min)) {
      block.problems().error(block.valuePosition("tls_max_version"),
          "'tls_max_version' must be greater than or equal to 'tls_min_version'");
    }
    boolean requireClient = block.weakBool("tls_require_and_verify_client_cert").orElse(false);
    boolean disableClient = block.weakBool("tls_disable_client_certs").orElse(false);
    if (requireClient && disableClient) {
      block.problems().error(block.positionOf("tls_disable_client_certs"),
          "'tls_disable_client_certs' and 'tls_require_and_verify_client_cert' are mutually exclusive");
    }
    if (type.equals("tcp") && !tlsDisable && (cert.isEmpty() || key.isEmpty())) {
      // Vault loads such a file and fails when the listener starts; so does vaultlet, and says so here already
      block.problems().warn(block.position(), "listener \"tcp\" serves TLS unless 'tls_disable' is true:"
          + " without 'tls_cert_file' and 'tls_key_file' it cannot start");
    }
    if (type.equals("unix") && !tlsDisable && (cert.isPresent() || key.isPresent())) {
      block.problems().warn(block.position(), "listener \"unix\" does not serve TLS (as in Vault);"
          + " 'tls_cert_file' and 'tls_key_file' are ignored");
    }
    long maxSize = block.integer("max_request_size").orElse(0L);
    if (maxSize == 0) {
      maxSize = ListenerSettings.DEFAULT_MAX_REQUEST_SIZE;
    }
    return new ListenerSettings(tlsDisable || type.equals("unix"), cert, key, min, max, cipherSuites(block),
        requireClient, block.nonEmptyString("tls_client_ca_file"),
        block.weakBool("require_request_header").orElse(false), socketMode(block),
        block.nonEmptyString("socket_user"), block.nonEmptyString("socket_group"), maxSize,
        positive(block, "http_read_header_timeout", ListenerSettings.DEFAULT_READ_HEADER_TIMEOUT),
        positive(block, "http_read_timeout", ListenerSettings.DEFAULT_READ_TIMEOUT),
        positive(block, "http_idle_timeout", ListenerSettings.DEFAULT_IDLE_TIMEOUT), agentApi(block));
  }

  private static ListenerSettings.AgentApi agentApi(Block block) {
    Optional<Block> api = block.singleBlock("agent_api");
    if (api.isEmpty()) {
      return ListenerSettings.AgentApi.DEFAULT;
    }
    Block a = api.get();
    a.warnUnknownKeys(AGENT_API_KEYS);
    return new ListenerSettings.AgentApi(a.weakBool("enable_quit").orElse(false),
        a.weakBool("enable_status").orElse(true), a.weakBool("enable_rotate").orElse(false),
        a.seconds("render_error_budget").orElse(ListenerSettings.DEFAULT_RENDER_ERROR_BUDGET));
  }

  private static String tlsVersion(Block block, String key, String fallback) {
    String v = block.string(key).filter(s -> !s.isBlank()).map(s -> s.trim().toLowerCase(Locale.ROOT))
        .orElse(fallback);
    if (!TLS_VERSIONS.contains(v)) {
      block.problems().error(block.valuePosition(key), "'" + key + "' value \"" + v
          + "\" not supported, please specify one of [tls10,tls11,tls12,tls13]");
      return fallback;
    }
    return v;
  }

  private static List<String> cipherSuites(Block block) {
    List<String> out = new ArrayList<>();
    for (String s : block.stringList("tls_cipher_suites", true)) {
      String name = s.trim();
      if (!name.isEmpty()) {
        if (!name.matches("TLS_[A-Z0-9_]+")) {
          block.problems().error(block.valuePosition("tls_cipher_suites"),
              "'tls_cipher_suites': \"" + name + "\" is not a cipher suite name (e.g. TLS_AES_128_GCM_SHA256)");
        }
        out.add(name);
      }
    }
    return out;
  }

  /**
   * A file mode, bound as a template's {@code perms} is: an octal string or number. Vault loads any other string and
   * fails when the listener starts; so does vaultlet (with a warning here, and {@link ListenerSettings#INVALID_MODE}).
   */
  private static Optional<Integer> socketMode(Block block) {
    Optional<String> raw = block.nonEmptyString("socket_mode");
    boolean number = block.scalarKind("socket_mode").map(k -> k == LiteralNode.Kind.NUMBER).orElse(false);
    if (raw.isPresent() && !number && !raw.get().trim().matches("0?[0-7]{1,4}")) {
      block.problems().warn(block.valuePosition("socket_mode"),
          "'socket_mode' must be an octal mode such as \"0660\": this listener cannot start");
      return Optional.of(ListenerSettings.INVALID_MODE);
    }
    return raw.isPresent() ? block.mode("socket_mode", true) : Optional.empty();
  }

  private static Duration positive(Block block, String key, Duration fallback) {
    Optional<Duration> d = block.seconds(key);
    return d.filter(x -> !x.isZero()).orElse(fallback);
  }
}
