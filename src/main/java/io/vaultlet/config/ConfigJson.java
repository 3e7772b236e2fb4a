package io.vaultlet.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vaultlet.support.Redactor;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The effective configuration as JSON, with the configuration's own key names, durations in Go syntax
 * ({@code "5m0s"}) and modes in octal ({@code "0640"}). Every secret value ({@link SecretValues}) is replaced by
 * {@value Redactor#MASK}. Used by {@code vaultlet config check}.
 */
public final class ConfigJson {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ConfigJson() {}

  /** Pretty-printed, redacted JSON. */
  public static String toPrettyString(AgentConfig config) {
    try {
      return MAPPER.writeValueAsString(toJson(config));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot print configuration", e);
    }
  }

  /** The redacted JSON tree. */
  public static ObjectNode toJson(AgentConfig c) {
    ObjectNode root = F.objectNode();
    root.set("vault", vault(c.vault()));
    c.autoAuth().ifPresent(a -> root.set("auto_auth", autoAuth(a)));
    ArrayNode templates = root.putArray("template");
    c.templates().forEach(t -> templates.add(template(t)));
    root.set("template_config", templateSettings(c.templateSettings()));
    c.exec().ifPresent(e -> root.set("exec", exec(e)));
    ObjectNode env = root.putObject("env_template");
    c.envTemplates().forEach(t -> env.set(t.name(), envTemplate(t)));
    if (!c.awsAccessKeys().isEmpty()) {
      ObjectNode keys = root.putObject("aws_access_key");
      c.awsAccessKeys().forEach(k -> keys.set(k.name(), awsAccessKey(k)));
    }
    ArrayNode listeners = root.putArray("listener");
    c.listeners().forEach(l ->
        listeners.add(freeform(l.settings().values()).put("type", l.type()).put("role", l.role())));
    c.cache().ifPresent(cache -> root.set("cache", cache(cache)));
    c.apiProxy().ifPresent(p -> root.set("api_proxy", apiProxy(p)));
    c.telemetry().ifPresent(t -> root.set("telemetry", freeform(t.settings().values())
        .put("prometheus_retention_time", Durations.format(t.prometheusRetentionTime()))));
    put(root, "pid_file", c.pidFile());
    put(root, "state_dir", c.stateDir());
    root.put("exit_after_auth", c.exitAfterAuth());
    root.put("log_level", c.log().level().name().toLowerCase(Locale.ROOT));
    root.put("log_format", c.log().format().name().toLowerCase(Locale.ROOT));
    put(root, "log_file", c.log().file());
    root.put("log_rotate_duration", Durations.format(c.log().rotateDuration()));
    root.put("log_rotate_bytes", c.log().rotateBytes());
    root.put("log_rotate_max_files", c.log().rotateMaxFiles());
    root.set("disable_idle_connections", subsystems(c.disableIdleConnections()));
    root.set("disable_keep_alives", subsystems(c.disableKeepAlives()));
    return root;
  }

  private static ObjectNode vault(VaultConfig v) {
    ObjectNode n = F.objectNode().put("address", v.address());
    put(n, "ca_cert", v.caCert());
    put(n, "ca_path", v.caPath());
    put(n, "client_cert", v.clientCert());
    put(n, "client_key", v.clientKey());
    n.put("tls_skip_verify", v.tlsSkipVerify());
    put(n, "tls_server_name", v.tlsServerName());
    put(n, "namespace", v.namespace());
    n.putObject("retry").put("num_retries", v.numRetries());
    if (!v.redirectAddresses().isEmpty()) {
      v.redirectAddresses().forEach(n.putArray("redirect_addresses")::add);
    }
    return n;
  }

  private static ObjectNode autoAuth(AutoAuthConfig a) {
    ObjectNode n = F.objectNode();
    MethodConfig m = a.method();
    ObjectNode method = n.putObject("method").put("type", m.type()).put("mount_path", m.mountPath());
    put(method, "namespace", m.namespace());
    method.put("wrap_ttl", Durations.format(m.wrapTtl()))
        .put("min_backoff", Durations.format(m.minBackoff()))
        .put("max_backoff", Durations.format(m.maxBackoff()))
        .put("exit_on_err", m.exitOnErr());
    method.set("config", freeform(m.config().values()));
    ArrayNode sinks = n.putArray("sink");
    for (SinkConfig s : a.sinks()) {
      ObjectNode sink = sinks.addObject().put("type", s.type()).put("wrap_ttl", Durations.format(s.wrapTtl()));
      put(sink, "dh_type", s.dhType());
      put(sink, "dh_path", s.dhPath());
      sink.put("derive_key", s.deriveKey());
      put(sink, "aad", s.aad().map(x -> Redactor.MASK));
      ObjectNode config = freeform(s.config().values()).put("path", s.path()).put("mode", octal(s.mode()));
      s.uid().ifPresent(uid -> config.put("uid", uid));
      s.gid().ifPresent(gid -> config.put("gid", gid));
      sink.set("config", config);
    }
    if (a.enableReauthOnNewCredentials()) {
      n.put("enable_reauth_on_new_credentials", true);
    }
    return n;
  }

  private static ObjectNode template(TemplateConfig t) {
    ObjectNode n = F.objectNode();
    put(n, "source", t.source());
    put(n, "contents", t.contents());
    n.put("destination", t.destination())
        .put("create_dest_dirs", t.createDestDirs());
    put(n, "perms", t.perms().map(ConfigJson::octal));
    n.put("backup", t.backup());
    t.command().ifPresent(cmd -> {
      ObjectNode exec = n.putObject("exec");
      exec.set("command", strings(cmd.command()));
      exec.put("timeout", Durations.format(cmd.timeout()));
    });
    n.put("error_on_missing_key", t.errorOnMissingKey())
        .put("error_fatal", t.errorFatal())
        .put("left_delimiter", t.leftDelimiter())
        .put("right_delimiter", t.rightDelimiter());
    put(n, "sandbox_path", t.sandboxPath());
    n.set("function_denylist", strings(t.functionDenylist()));
    t.waitConfig().ifPresent(w -> n.putObject("wait")
        .put("min", Durations.format(w.min())).put("max", Durations.format(w.max())));
    put(n, "user", t.user());
    put(n, "group", t.group());
    put(n, "publish_group", t.publishGroup());
    n.put("engine", t.engine().name().toLowerCase(Locale.ROOT));
    n.put("command_jitter", Durations.format(t.commandJitter()));
    put(n, "renew_before", t.renewBefore().map(Durations::format));
    rotation(n, t.rotation());
    return n;
  }

  /** The vaultlet rotation keys, only when written (a plain template prints as before). */
  private static void rotation(ObjectNode n, RotationConfig r) {
    r.verify().ifPresent(v -> {
      ObjectNode verify = n.putObject("verify");
      put(verify, "postgres", v.postgres());
      v.tls().ifPresent(tls -> {
        ObjectNode t = verify.putObject("tls");
        put(t, "ca_file", tls.caFile());
        t.set("hostnames", strings(tls.hostnames()));
        put(t, "key_file", tls.keyFile());
      });
      v.aws().ifPresent(aws -> {
        ObjectNode a = verify.putObject("aws");
        a.put("access_key_id", aws.accessKeyId());
        a.put("secret_access_key", aws.secretAccessKey()); // a template, not a secret: it names where the key is
        put(a, "session_token", aws.sessionToken());
        a.put("region", aws.region());
        put(a, "sts_endpoint", aws.stsEndpoint());
      });
      if (!v.command().isEmpty()) {
        verify.set("command", strings(v.command()));
      }
      verify.put("timeout", Durations.format(v.timeout()));
      verify.put("on_failure", v.onFailure().name().toLowerCase(Locale.ROOT));
    });
    if (!r.gracePeriod().isZero()) {
      n.put("grace_period", Durations.format(r.gracePeriod()));
    }
    if (r.blueGreen()) {
      n.put("slots", "blue_green");
    }
  }

  private static ObjectNode templateSettings(TemplateSettings s) {
    ObjectNode n = F.objectNode()
        .put("exit_on_retry_failure", s.exitOnRetryFailure())
        .put("static_secret_render_interval", Durations.format(s.staticSecretRenderInterval()))
        .put("max_connections_per_host", s.maxConnectionsPerHost())
        .put("lease_renewal_threshold", s.leaseRenewalThreshold());
    put(n, "renew_before", s.renewBefore().map(Durations::format));
    return n;
  }

  private static ObjectNode exec(ExecConfig e) {
    ObjectNode n = F.objectNode();
    n.set("command", strings(e.command()));
    n.put("restart_on_secret_changes", e.restartOnSecretChanges().name().toLowerCase(Locale.ROOT))
        .put("restart_stop_signal", e.restartStopSignal());
    put(n, "child_process_stdout", e.childProcessStdout());
    put(n, "child_process_stderr", e.childProcessStderr());
    return n;
  }

  private static ObjectNode envTemplate(EnvTemplateConfig t) {
    ObjectNode n = F.objectNode();
    put(n, "source", t.source());
    put(n, "contents", t.contents());
    n.put("error_on_missing_key", t.errorOnMissingKey())
        .put("error_fatal", t.errorFatal())
        .put("left_delimiter", t.leftDelimiter())
        .put("right_delimiter", t.rightDelimiter());
    n.set("function_denylist", strings(t.functionDenylist()));
    n.put("engine", t.engine().name().toLowerCase(Locale.ROOT));
    return n;
  }

  private static ObjectNode awsAccessKey(AwsAccessKeyConfig k) {
    ObjectNode n = F.objectNode();
    n.put("path", k.path()).put("access_key_field", k.accessKeyField()).put("secret_key_field", k.secretKeyField());
    put(n, "username", k.username());
    n.put("credentials", k.credentials().name().toLowerCase(Locale.ROOT)).put("region", k.region());
    put(n, "iam_endpoint", k.iamEndpoint().map(Object::toString));
    put(n, "sts_endpoint", k.stsEndpoint().map(Object::toString));
    n.put("rotate_every", Durations.format(k.rotateEvery()))
        .put("propagation_timeout", Durations.format(k.propagationTimeout()))
        .put("deactivate_after", Durations.format(k.deactivateAfter()))
        .put("delete_after", Durations.format(k.deleteAfter()));
    return n;
  }

  private static ObjectNode cache(CacheConfig c) {
    ObjectNode n = F.objectNode();
    put(n, "use_auto_auth_token", c.useAutoAuthToken().map(u -> u.name().toLowerCase(Locale.ROOT)));
    c.persist().ifPresent(p -> {
      ObjectNode persist = n.putObject("persist").put("type", p.type());
      put(persist, "path", p.path());
      persist.put("keep_after_import", p.keepAfterImport()).put("exit_on_err", p.exitOnErr());
      put(persist, "service_account_token_file", p.serviceAccountTokenFile());
    });
    put(n, "enforce_consistency", c.enforceConsistency());
    put(n, "when_inconsistent", c.whenInconsistent());
    return n;
  }

  private static ObjectNode apiProxy(ApiProxyConfig p) {
    ObjectNode n = F.objectNode();
    put(n, "use_auto_auth_token", p.useAutoAuthToken().map(u -> u.name().toLowerCase(Locale.ROOT)));
    put(n, "enforce_consistency", p.enforceConsistency());
    put(n, "when_inconsistent", p.whenInconsistent());
    if (p.impliedByCache()) {
      n.put("implied_by_cache", true);
    }
    return n;
  }

  /** A free-form map, secret-named keys and secret-looking values masked. */
  static ObjectNode freeform(Map<String, Object> values) {
    ObjectNode n = F.objectNode();
    values.forEach((k, v) -> n.set(k, value(v, SecretValues.isSecretKey(k))));
    return n;
  }

  private static JsonNode value(Object v, boolean secret) {
    if (v instanceof String s) {
      return F.textNode(secret || SecretValues.looksSecret(s) ? Redactor.MASK : s);
    }
    if (v instanceof Number && secret) {
      return F.textNode(Redactor.MASK); // a PIN or a numeric password is as secret as a string one
    }
    if (v instanceof Long l) {
      return F.numberNode(l);
    }
    if (v instanceof Double d) {
      return F.numberNode(d);
    }
    if (v instanceof Boolean b) {
      return F.booleanNode(b);
    }
    if (v instanceof List<?> list) {
      ArrayNode a = F.arrayNode();
      list.forEach(x -> a.add(value(x, secret)));
      return a;
    }
    ObjectNode o = F.objectNode();
    ((Map<?, ?>) v).forEach((k, x) -> o.set(String.valueOf(k), value(x, secret || SecretValues.isSecretKey(
        String.valueOf(k)))));
    return o;
  }

  private static ArrayNode strings(Collection<String> values) {
    ArrayNode a = F.arrayNode();
    values.forEach(s -> a.add(SecretValues.looksSecret(s) ? Redactor.MASK : s));
    return a;
  }

  private static ArrayNode subsystems(Collection<AgentConfig.Subsystem> values) {
    ArrayNode a = F.arrayNode();
    values.stream().sorted().forEach(s -> a.add(s == AgentConfig.Subsystem.AUTO_AUTH ? "auto-auth"
        : s.name().toLowerCase(Locale.ROOT)));
    return a;
  }

  private static void put(ObjectNode n, String key, Optional<String> value) {
    value.ifPresent(v -> n.put(key, SecretValues.looksSecret(v) ? Redactor.MASK : v));
  }

  private static String octal(int mode) {
    return String.format("%04o", mode);
  }
}
