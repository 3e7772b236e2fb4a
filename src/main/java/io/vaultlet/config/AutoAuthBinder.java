package io.vaultlet.config;

import io.vaultlet.config.hcl.Position;
import io.vaultlet.support.Shown;
import io.vaultlet.support.Suggestions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Binds {@code auto_auth { method {…} sink {…}* }} (vault-agent.md §1.5 and rule 1 of §1.10). Vault decodes these
 * blocks leniently: an unknown key is a warning (an error under {@code -strict}).
 */
final class AutoAuthBinder {

  /** Auth methods vaultlet implements. */
  static final Set<String> SUPPORTED_METHODS =
      Set.of("approle", "aws", "azure", "cert", "gcp", "jwt", "kubernetes", "token_file");

  /** Methods Vault Agent knows that vaultlet does not (named so the error can say so). */
  static final Set<String> VAULT_ONLY_METHODS =
      Set.of("alicloud", "cf", "pcf", "kerberos", "oci", "ldap");

  static final Set<String> AUTO_AUTH_KEYS =
      Set.of("method", "sink", "sinks", "enable_reauth_on_new_credentials");
  static final Set<String> METHOD_KEYS = Set.of(
      "type", "mount_path", "namespace", "wrap_ttl", "min_backoff", "max_backoff", "exit_on_err", "config");
  static final Set<String> SINK_KEYS =
      Set.of("type", "wrap_ttl", "dh_type", "dh_path", "derive_key", "aad", "aad_env_var", "config");
  private static final Set<String> FILE_SINK_CONFIG_KEYS = Set.of("path", "mode", "owner", "group", "uid", "gid");

  private final Map<String, String> env;

  AutoAuthBinder(Map<String, String> env) {
    this.env = env;
  }

  Optional<AutoAuthConfig> bind(Block root) {
    return root.singleBlock("auto_auth").flatMap(this::bindAutoAuth);
  }

  private Optional<AutoAuthConfig> bindAutoAuth(Block block) {
    block.warnUnknownKeys(AUTO_AUTH_KEYS);
    List<Block> methods = block.blocks("method");
    if (methods.size() != 1) {
      block.problems().error(methods.isEmpty() ? block.position() : methods.get(1).position(),
          "one and only one 'method' block is required in 'auto_auth'");
    }
    // Without a method (an error already reported) a placeholder keeps later rules from piling on.
    MethodConfig method = methods.isEmpty() ? placeholderMethod(block) : bindMethod(methods.get(0));

    List<Block> sinkBlocks = new ArrayList<>(block.blocks("sink"));
    for (Block wrapper : block.blocks("sinks")) {
      wrapper.warnUnknownKeys(Set.of("sink"));
      sinkBlocks.addAll(wrapper.blocks("sink"));
    }
    List<SinkConfig> sinks = new ArrayList<>();
    for (Block sink : sinkBlocks) {
      sinks.add(bindSink(sink));
    }
    checkWrapping(method, sinks, block);
    boolean reauth = block.bool("enable_reauth_on_new_credentials", false);
    return Optional.of(new AutoAuthConfig(block.position(), method, sinks, reauth));
  }

  private static MethodConfig placeholderMethod(Block autoAuth) {
    return new MethodConfig(autoAuth.position(), "", "auth", Optional.empty(), Duration.ZERO,
        MethodConfig.DEFAULT_MIN_BACKOFF, MethodConfig.DEFAULT_MAX_BACKOFF, false,
        FreeformMap.empty(autoAuth.position(), "auto_auth.method.config"));
  }

  /** Rule 1 of §1.10: method-level wrapping needs exactly one sink, and that sink must not wrap again. */
  private static void checkWrapping(MethodConfig method, List<SinkConfig> sinks, Block block) {
    if (method.wrapTtl().isZero()) {
      return;
    }
    if (sinks.size() != 1) {
      block.problems().error(method.position(), "wrapping enabled on auth method and 0 or many sinks defined"
          + " (wrap_ttl on the method needs exactly one sink; found " + sinks.size() + ")");
    } else if (!sinks.get(0).wrapTtl().isZero()) {
      block.problems().error(sinks.get(0).position(), "wrapping enabled both on auth method and sink"
          + " (set wrap_ttl on the method or on the sink, not both)");
    }
  }

  private MethodConfig bindMethod(Block block) {
    block.warnUnknownKeys(METHOD_KEYS);
    Optional<String> type = typeOf(block, "method");
    type.ifPresent(t -> checkMethodType(t, block));
    Optional<String> mountPath = block.string("mount_path");
    Optional<String> namespace = block.string("namespace").map(AutoAuthBinder::canonicalNamespace)
        .filter(s -> !s.isEmpty());
    Duration wrapTtl = block.seconds("wrap_ttl").orElse(Duration.ZERO);
    Duration minBackoff = block.seconds("min_backoff").filter(d -> !d.isZero())
        .orElse(MethodConfig.DEFAULT_MIN_BACKOFF);
    Duration maxBackoff = block.seconds("max_backoff").filter(d -> !d.isZero())
        .orElse(MethodConfig.DEFAULT_MAX_BACKOFF);
    if (minBackoff.compareTo(maxBackoff) > 0) {
      Position at = block.has("min_backoff") ? block.valuePosition("min_backoff") : block.valuePosition("max_backoff");
      block.problems().error(at, "'auto_auth.method.min_backoff' (" + Durations.format(minBackoff)
          + ") must not be greater than 'max_backoff' (" + Durations.format(maxBackoff) + ")");
    }
    boolean exitOnErr = block.bool("exit_on_err", false);
    FreeformMap config = block.freeform("config");
    String t = type.orElse("");
    return new MethodConfig(block.position(), t, trimSlash(mountPath.orElse(""), t), namespace, wrapTtl, minBackoff,
        maxBackoff, exitOnErr, config);
  }

  private static String trimSlash(String mountPath, String type) {
    if (mountPath.isEmpty()) {
      return "auth/" + type;
    }
    return mountPath.endsWith("/") ? mountPath.substring(0, mountPath.length() - 1) : mountPath;
  }

  private static void checkMethodType(String type, Block block) {
    if (SUPPORTED_METHODS.contains(type)) {
      return;
    }
    Position at = block.has("type") ? block.valuePosition("type") : block.position();
    if (VAULT_ONLY_METHODS.contains(type)) {
      block.problems().error(at, "auth method \"" + Shown.cut(type) + "\" is not supported by vaultlet (supported: "
          + String.join(", ", new java.util.TreeSet<>(SUPPORTED_METHODS)) + ")");
    } else {
      Set<String> all = new java.util.TreeSet<>(SUPPORTED_METHODS);
      all.addAll(VAULT_ONLY_METHODS);
      block.problems().error(at, "unknown auth method \"" + Shown.cut(type) + "\""
          + Suggestions.didYouMean(type, all) + " (supported: "
          + String.join(", ", new java.util.TreeSet<>(SUPPORTED_METHODS)) + ")");
    }
  }

  /** Vault's {@code namespace.Canonicalize}: no leading slash, one trailing slash, empty stays empty. */
  static String canonicalNamespace(String ns) {
    String s = ns.trim();
    while (s.startsWith("/")) {
      s = s.substring(1);
    }
    if (s.isEmpty()) {
      return "";
    }
    return s.endsWith("/") ? s : s + "/";
  }

  /**
   * The block's type: an explicit {@code type} wins (not lower-cased, as in Vault); else the single label,
   * lower-cased; two labels give no type.
   */
  static Optional<String> typeOf(Block block, String what) {
    Optional<String> explicit = block.string("type").filter(s -> !s.isEmpty());
    if (explicit.isPresent()) {
      return explicit;
    }
    if (block.labels().size() == 1) {
      return Optional.of(block.labels().get(0).toLowerCase(Locale.ROOT));
    }
    String detail = block.labels().size() > 1
        ? " (found " + block.labels().size() + " labels; write " + what + " \"<type>\" { … } or type = \"<type>\")"
        : " (write " + what + " \"<type>\" { … } or type = \"<type>\")";
    block.problems().error(block.position(), what + " type must be specified" + detail);
    return Optional.empty();
  }

  private SinkConfig bindSink(Block block) {
    block.warnUnknownKeys(SINK_KEYS);
    Optional<String> type = typeOf(block, "sink");
    if (type.isPresent() && !type.get().equals("file")) {
      block.problems().error(block.has("type") ? block.valuePosition("type") : block.position(),
          "unknown sink type \"" + Shown.cut(type.get()) + "\" (only \"file\" is supported)");
    }
    Duration wrapTtl = block.seconds("wrap_ttl").orElse(Duration.ZERO);
    Optional<String> dhType = block.string("dh_type").filter(s -> !s.isEmpty());
    if (dhType.isPresent() && !dhType.get().equals("curve25519")) {
      block.problems().error(block.valuePosition("dh_type"),
          "invalid value for 'dh_type' in sink: only \"curve25519\" is supported");
    }
    Optional<String> dhPath = block.string("dh_path").filter(s -> !s.isEmpty());
    boolean deriveKey = block.bool("derive_key", false);
    Optional<String> aad = block.string("aad");
    Optional<String> aadEnvVar = block.string("aad_env_var").filter(s -> !s.isEmpty());
    if (aadEnvVar.isPresent()) {
      // Vault replaces aad with the variable's value at load time, even when the variable is unset.
      aad = Optional.ofNullable(env.get(aadEnvVar.get()));
    }
    aad = aad.filter(s -> !s.isEmpty());
    checkDiffieHellman(block, dhType, dhPath, aad, deriveKey);

    Optional<Block> config = block.lastBlock("config");
    String path = "";
    int mode = SinkConfig.DEFAULT_MODE;
    Optional<Integer> uid = Optional.empty();
    Optional<Integer> gid = Optional.empty();
    if (config.isEmpty()) {
      block.problems().error(block.position(), "'config.path' is required for a file sink");
    } else {
      Block c = config.get();
      c.warnUnknownKeys(FILE_SINK_CONFIG_KEYS);
      path = c.string("path").filter(s -> !s.isEmpty()).orElse("");
      if (path.isEmpty()) {
        block.problems().error(c.position(), "'config.path' is required for a file sink");
      }
      mode = c.mode("mode", false).orElse(SinkConfig.DEFAULT_MODE);
      uid = owner(c, "owner", "uid");
      gid = owner(c, "group", "gid");
    }
    return new SinkConfig(block.position(), type.orElse(""), wrapTtl, dhType, dhPath, deriveKey, aad, path, mode,
        uid, gid, block.freeform("config"));
  }

  /** Vault spells it {@code owner}/{@code group}, OpenBao {@code uid}/{@code gid}; both are whole numbers. */
  private static Optional<Integer> owner(Block config, String vaultKey, String openBaoKey) {
    Optional<Long> id = config.has(vaultKey) ? config.integer(vaultKey) : config.integer(openBaoKey);
    return id.map(Long::intValue);
  }

  private static void checkDiffieHellman(
      Block block, Optional<String> dhType, Optional<String> dhPath, Optional<String> aad, boolean deriveKey) {
    if (dhType.isEmpty() && dhPath.isEmpty()) {
      if (aad.isPresent()) {
        block.problems().error(block.positionOf(block.has("aad") ? "aad" : "aad_env_var"),
            "specifying 'aad' without 'dh_type' does not make sense (AAD is only used with Diffie-Hellman encryption)");
      }
      if (deriveKey) {
        block.problems().error(block.positionOf("derive_key"),
            "specifying 'derive_key' without 'dh_type' does not make sense");
      }
    } else if (dhType.isEmpty() || dhPath.isEmpty()) {
      block.problems().error(block.positionOf(dhType.isEmpty() ? "dh_path" : "dh_type"),
          "'dh_type' and 'dh_path' must be specified together");
    }
  }
}
