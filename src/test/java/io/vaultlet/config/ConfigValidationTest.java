package io.vaultlet.config;

import static io.vaultlet.config.ConfigTestSupport.AUTO_AUTH;
import static io.vaultlet.config.ConfigTestSupport.errors;
import static io.vaultlet.config.ConfigTestSupport.load;
import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.config.hcl.Position;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every validation error: its message (what to do) and its position (file:line:col). */
class ConfigValidationTest {

  private static Problem only(List<Problem> problems) {
    assertThat(problems).hasSize(1);
    return problems.get(0);
  }

  private static void assertProblem(Problem p, int line, int column, String message) {
    assertThat(p.position()).isEqualTo(new Position("agent.hcl", line, column));
    assertThat(p.message()).contains(message);
  }

  /** The configuration fails to load with exactly one problem, at agent.hcl:line:column, saying {@code message}. */
  private static void assertOnlyProblem(String hcl, int line, int column, String message) {
    assertProblem(only(errors(hcl)), line, column, message);
  }

  @Test
  void problemPrintsLikeACompilerDiagnostic() {
    assertThat(new Problem(new Position("a.hcl", 3, 7), "bad")).hasToString("a.hcl:3:7: bad");
    assertThat(Problem.at("VAULT_SKIP_VERIFY", "must be true or false")).hasToString(
        "VAULT_SKIP_VERIFY: must be true or false");
  }

  @Test
  void unknownTopLevelKeySuggestsTheNearMiss() {
    assertThat(load(AUTO_AUTH + "pid_fil = \"/run/x.pid\"\n").warnings()).singleElement().hasToString(
        "agent.hcl:13:1: unknown key 'pid_fil' in the configuration is ignored (did you mean \"pid_file\"?)");
    assertProblem(only(ConfigTestSupport.strictErrors(AUTO_AUTH + "pid_fil = \"/run/x.pid\"\n")),
        13, 1, "unknown key 'pid_fil' in the configuration (did you mean \"pid_file\"?) (Vault Agent ignores it;"
            + " -strict makes it an error)");
  }

  @Test
  void unknownKeyInsideABlockNamesTheBlock() {
    assertOnlyProblem(AUTO_AUTH + """
        template {
          source     = "/t.tmpl"
          destinaton = "/out"
          destination = "/out"
        }
        """, 15, 3, "unknown key 'destinaton' in 'template' (did you mean \"destination\"?)");
  }

  @Test
  void aKeyInTheWrongBlockSaysWhereItBelongs() {
    Problem w = only(load("""
        auto_auth {
          wrap_ttl = "5m"
          method "approle" {}
          sink "file" { config = { path = "/t" } }
        }
        """).warnings());
    assertProblem(w, 2, 3, "unknown key 'wrap_ttl' in 'auto_auth' is ignored ('wrap_ttl' belongs in"
        + " 'auto_auth.method' or 'auto_auth.sink')");
  }

  @Test
  void farMissesGetNoSuggestion() {
    Problem p = only(load(AUTO_AUTH + "colour = \"blue\"\n").warnings());
    assertThat(p.message()).isEqualTo("unknown key 'colour' in the configuration is ignored");
  }

  @Test
  void methodConfigIsFreeFormButSinkConfigKeysAreChecked() {
    LoadedConfig loaded = load("""
        auto_auth {
          method "approle" {
            config = { anything_goes = 1 }
          }
          sink "file" {
            config = {
              path = "/t"
              mdoe = 0600
            }
          }
        }
        """);
    assertThat(loaded.config().autoAuth().orElseThrow().method().config().values()).containsEntry("anything_goes", 1L);
    assertThat(loaded.warnings()).singleElement().satisfies(w -> {
      assertThat(w.position()).isEqualTo(new Position("agent.hcl", 8, 7));
      assertThat(w.message()).contains("unknown key 'mdoe'").contains("did you mean \"mode\"?");
    });
  }

  @Test
  void wrongTypeNamesTheExpectedType() {
    assertOnlyProblem(AUTO_AUTH + "exit_after_auth = \"yes\"\n",
        13, 19, "'exit_after_auth' must be a boolean (true or false), got a string");
  }

  @Test
  void listWhereAScalarBelongs() {
    assertOnlyProblem(AUTO_AUTH + """
        template {
          contents    = "x"
          destination = ["/a", "/b"]
        }
        """, 15, 17, "'template.destination' must be a single value, got a list");
  }

  @Test
  void blockWhereAScalarBelongs() {
    assertOnlyProblem("vault = \"http://x\"\n" + AUTO_AUTH, 1, 9, "'vault' must be a block { … }, got a string");
  }

  @Test
  void sourceAndContentsTogether() {
    assertOnlyProblem(AUTO_AUTH + """
        template {
          source      = "/t.tmpl"
          contents    = "inline"
          destination = "/out"
        }
        """, 15, 3, "template: 'source' and 'contents' cannot be specified together");
  }

  @Test
  void neitherSourceNorContentsAndNoDestination() {
    List<Problem> problems = errors(AUTO_AUTH + "template {\n  perms = 0600\n}\n");
    assertThat(problems).extracting(Problem::toString).containsExactlyInAnyOrder(
        "agent.hcl:13:1: template: either 'source' or 'contents' must be specified",
        "agent.hcl:13:1: 'template' needs a 'destination' (the file to write)");
  }

  @Test
  void invalidAgentLevelDurationQuotesWhatWasWritten() {
    assertOnlyProblem("""
        auto_auth {
          method "approle" {
            min_backoff = "5 minutes"
          }
          sink "file" { config = { path = "/t" } }
        }
        """, 3, 19, "'auto_auth.method.min_backoff': unknown unit \" minutes\" in duration \"5 minutes\"");
  }

  @Test
  void templateLevelDurationNeedsAUnit() {
    assertOnlyProblem(AUTO_AUTH + """
        template {
          contents        = "x"
          destination     = "/out"
          command         = "reload"
          command_timeout = 30
        }
        """, 17, 21, "'template.command_timeout' needs a unit: write \"30s\" for seconds");
  }

  @Test
  void negativeDurationsAreRejected() {
    assertOnlyProblem(AUTO_AUTH + "template_config {\n  static_secret_render_interval = \"-5m\"\n}\n",
        14, 35, "'template_config.static_secret_render_interval' must not be negative");
  }

  @Test
  void sinkModeMustBeAnOctalNumberAsInVault() {
    assertOnlyProblem("""
        auto_auth {
          method "approle" {}
          sink "file" {
            config = {
              path = "/t"
              mode = "0640"
            }
          }
        }
        """, 6, 14, "'auto_auth.sink.config.mode' must be an octal number such as 0640");
  }

  @Test
  void templatePermsAcceptOctalStringsAndNumbers() {
    AgentConfig c = ConfigTestSupport.config(AUTO_AUTH + """
        template {
          contents = "a"
          destination = "/a"
          perms = "0640"
        }
        template {
          contents = "b"
          destination = "/b"
          perms = 0600
        }
        """);
    assertThat(c.templates()).extracting(t -> t.perms().orElseThrow()).containsExactly(0640, 0600);
  }

  @Test
  void permsOutsideTwelveBitsOrNotOctalAreRejected() {
    List<Problem> problems = errors(AUTO_AUTH + """
        template {
          contents = "a"
          destination = "/a"
          perms = "0948"
        }
        template {
          contents = "b"
          destination = "/b"
          perms = 010000
        }
        """);
    assertThat(problems).hasSize(2);
    assertProblem(problems.get(0), 16, 11, "must be an octal file mode such as 0640 or \"0640\"");
    assertProblem(problems.get(1), 21, 11, "is not a file mode: 010000 is outside 0000-7777");
  }

  @Test
  void invalidSignalSuggestsTheSigName() {
    assertOnlyProblem("""
        auto_auth {
          method "token_file" {
            config = { token_file_path = "/t" }
          }
        }
        env_template "A" {
          contents = "x"
        }
        exec {
          command             = ["app"]
          restart_stop_signal = "TERM"
        }
        """, 11, 25, "'exec.restart_stop_signal' is not a valid signal (did you mean \"SIGTERM\"?)");
  }

  @Test
  void signalNamesAreCaseInsensitive() {
    AgentConfig c = ConfigTestSupport.config("""
        auto_auth {
          method "token_file" {}
        }
        env_template "A" { contents = "x" }
        exec {
          command             = "app,--flag"
          restart_stop_signal = "sigint"
        }
        """);
    assertThat(c.exec().orElseThrow().restartStopSignal()).isEqualTo("SIGINT");
    assertThat(c.exec().orElseThrow().command()).as("a string is split on commas, as Vault does")
        .containsExactly("app", "--flag");
  }

  @Test
  void wrappingInBothMethodAndSink() {
    assertOnlyProblem("""
        auto_auth {
          method "approle" {
            wrap_ttl = "5m"
          }
          sink "file" {
            wrap_ttl = 300
            config = { path = "/t" }
          }
        }
        """, 5, 3, "wrapping enabled both on auth method and sink");
  }

  @Test
  void methodWrappingNeedsExactlyOneSink() {
    assertOnlyProblem("""
        auto_auth {
          method "approle" {
            wrap_ttl = 300
          }
        }
        template {
          contents    = "x"
          destination = "/out"
        }
        """, 2, 3, "wrapping enabled on auth method and 0 or many sinks defined");
  }

  @Test
  void exactlyOneMethod() {
    assertOnlyProblem("auto_auth {\n  sink \"file\" { config = { path = \"/t\" } }\n}\n", 1, 1,
        "one and only one 'method' block is required in 'auto_auth'");
    assertOnlyProblem("""
        auto_auth {
          method "approle" {}
          method "jwt" {}
          sink "file" { config = { path = "/t" } }
        }
        """, 3, 3, "one and only one 'method' block is required");
  }

  @Test
  void singletonBlocksAppearAtMostOncePerFile() {
    assertOnlyProblem(AUTO_AUTH + "vault {\n  address = \"http://a\"\n}\nvault {\n  address = \"http://b\"\n}\n",
        16, 1, "at most one 'vault' block is allowed (first one at agent.hcl:13:1)");
  }

  @Test
  void methodTypeFromLabelOrTypeKey() {
    assertOnlyProblem("auto_auth {\n  method {}\n  sink \"file\" { config = { path = \"/t\" } }\n}\n",
        2, 3, "method type must be specified");
    assertOnlyProblem(
        "auto_auth {\n  method \"a\" \"b\" {}\n  sink \"file\" { config = { path = \"/t\" } }\n}\n",
        2, 3, "method type must be specified (found 2 labels");
    AgentConfig c = ConfigTestSupport.config(
        "auto_auth {\n  method \"JWT\" {}\n  sink \"file\" { config = { path = \"/t\" } }\n}\n");
    assertThat(c.autoAuth().orElseThrow().method().type()).as("labels are lower-cased").isEqualTo("jwt");
    assertThat(c.autoAuth().orElseThrow().method().mountPath()).isEqualTo("auth/jwt");
  }

  @Test
  void unknownAndUnsupportedMethodTypes() {
    assertOnlyProblem("auto_auth {\n  method \"aproles\" {}\n  sink \"file\" { config = { path = \"/t\" } }\n}\n",
        2, 3, "unknown auth method \"aproles\" (did you mean \"approle\"?)");
    assertOnlyProblem(
        "auto_auth {\n  method {\n    type = \"alicloud\"\n  }\n  sink \"file\" { config = { path = \"/t\" } }\n}\n",
        3, 12, "auth method \"alicloud\" is not supported by vaultlet (supported: approle, aws, azure, cert, gcp,"
            + " jwt, kubernetes, token_file)");
  }

  @Test
  void explicitTypeIsNotLowerCasedAsInVault() {
    assertOnlyProblem(
        "auto_auth {\n  method {\n    type = \"AWS\"\n  }\n  sink \"file\" { config = { path = \"/t\" } }\n}\n",
        3, 12, "unknown auth method \"AWS\"");
  }

  @Test
  void onlyFileSinks() {
    assertOnlyProblem("auto_auth {\n  method \"approle\" {}\n  sink \"socket\" { config = { path = \"/t\" } }\n}\n",
        3, 3, "unknown sink type \"socket\" (only \"file\" is supported)");
    assertOnlyProblem("auto_auth {\n  method \"approle\" {}\n  sink \"file\" {}\n}\n",
        3, 3, "'config.path' is required for a file sink");
  }

  @Test
  void diffieHellmanSettingsComeTogether() {
    List<Problem> problems = errors("""
        auto_auth {
          method "approle" {}
          sink "file" {
            dh_type = "p256"
            dh_path = "/pub"
            config = { path = "/a" }
          }
          sink "file" {
            dh_path = "/pub"
            config = { path = "/b" }
          }
          sink "file" {
            aad        = "x"
            derive_key = true
            config = { path = "/c" }
          }
        }
        """);
    assertThat(problems).extracting(Problem::toString).containsExactly(
        "agent.hcl:4:15: invalid value for 'dh_type' in sink: only \"curve25519\" is supported",
        "agent.hcl:9:5: 'dh_type' and 'dh_path' must be specified together",
        "agent.hcl:13:5: specifying 'aad' without 'dh_type' does not make sense (AAD is only used with"
            + " Diffie-Hellman encryption)",
        "agent.hcl:14:5: specifying 'derive_key' without 'dh_type' does not make sense");
  }

  @Test
  void backoffFloorAboveCeiling() {
    assertOnlyProblem("""
        auto_auth {
          method "approle" {
            min_backoff = "10m"
            max_backoff = "1m"
          }
          sink "file" { config = { path = "/t" } }
        }
        """, 3, 19, "'auto_auth.method.min_backoff' (10m0s) must not be greater than 'max_backoff' (1m0s)");
  }

  @Test
  void envTemplateRules() {
    List<Problem> problems = errors("""
        auto_auth {
          method "token_file" {}
        }
        env_template "DB_PASSWORD" {
          contents = "a"
          perms    = 0600
        }
        env_template "DB_PASSWORD" {
          source   = "/t"
          contnets = "b"
        }
        exec {
          command = ["app"]
          restart_on_secret_changes = "sometimes"
        }
        """);
    assertThat(problems).extracting(Problem::toString).containsExactly(
        "agent.hcl:6:3: env_template[DB_PASSWORD]: 'perms' is not allowed",
        "agent.hcl:8:1: env_template: duplicate environment variable name: \"DB_PASSWORD\" (first defined at"
            + " agent.hcl:4:1)",
        "agent.hcl:10:3: env_template[DB_PASSWORD]: unknown key 'contnets' (did you mean \"contents\"?)",
        "agent.hcl:14:31: 'exec.restart_on_secret_changes' must be \"always\" or \"never\"");
  }

  @Test
  void theApiProxyImpliedByTheCacheIsNotAllowedInExecModeEither() {
    assertOnlyProblem("""
        auto_auth {
          method "token_file" {}
        }
        cache {
          use_auto_auth_token = true
        }
        env_template "A" { contents = "x" }
        exec { command = ["app"] }
        """, 4, 1, "'cache.use_auto_auth_token' implies an api_proxy, and 'api_proxy' cannot be specified"
        + " with 'env_template' entries (exec mode at agent.hcl:8:1)");
  }

  @Test
  void execNeedsACommand() {
    assertOnlyProblem("auto_auth {\n  method \"token_file\" {}\n}\nenv_template \"A\" {\n  contents = \"x\"\n}\n"
        + "exec {\n  command = []\n}\n",
        8, 13, "'exec' requires a non-empty 'command' field");
  }

  @Test
  void disableIdleConnectionsValues() {
    Problem p = only(errors(AUTO_AUTH + "disable_idle_connections = [\"auto-auth\", \"templatting\"]\n"));
    assertProblem(p, 13, 28, "unknown disable_idle_connections value: \"templatting\"");
    assertThat(p.message()).contains("did you mean \"templating\"?");
  }

  @Test
  void logLevelAndFormat() {
    List<Problem> problems = errors(AUTO_AUTH + "log_level = \"verbose\"\nlog_format = \"xml\"\n");
    assertThat(problems).extracting(Problem::toString).containsExactly(
        "agent.hcl:13:13: 'log_level' must be one of trace, debug, info, warn, error",
        "agent.hcl:14:14: 'log_format' must be \"standard\" or \"json\"");
  }

  @Test
  void logRotationLimits() {
    List<Problem> problems = errors(AUTO_AUTH + "log_rotate_bytes = -1\nlog_rotate_max_files = -2\n"
        + "log_rotate_duration = \"1d\"\n");
    assertThat(problems).extracting(Problem::toString).containsExactly(
        "agent.hcl:13:20: 'log_rotate_bytes' must be at least 0 (0 means no size limit)",
        "agent.hcl:14:24: 'log_rotate_max_files' must be at least -1 (0 keeps every file, -1 deletes old files)");
  }

  @Test
  void syntaxErrorsCarryTheParsersPosition() {
    Problem p = only(errors("auto_auth {\n  method \"approle\" {\n}\n"));
    assertThat(p.position().file()).isEqualTo("agent.hcl");
    assertThat(p.position().line()).isPositive();
    assertThat(p.message()).startsWith("invalid HCL: ");
  }

  @Test
  void everyProblemIsReportedSortedByPosition() {
    List<Problem> problems = errors("""
        exit_after_auth = "yes"
        auto_auth {
          method "approle" {
            wrap_ttl = "soon"
          }
          sink "file" { config = { path = "/t", mode = "rw" } }
        }
        template {
          destination = "/out"
        }
        """);
    assertThat(problems).extracting(p -> p.position().line()).containsExactly(1, 4, 6, 8);
  }

  @Test
  void vaultletExtensionsAreValidated() {
    List<Problem> problems = errors(AUTO_AUTH + """
        template {
          contents       = "x"
          destination    = "/out"
          publish_group  = ""
          engine         = "mustache"
          command_jitter = "-1s"
          wait           = "10s:5s"
        }
        """);
    assertThat(problems).extracting(Problem::toString).containsExactly(
        "agent.hcl:16:20: 'template.publish_group' must not be empty",
        "agent.hcl:17:20: 'template.engine' must be \"gotemplate\" or \"handlebars\"",
        "agent.hcl:18:20: 'template.command_jitter' must not be negative",
        "agent.hcl:19:20: 'template.wait': min must be less than max");
  }

  @Test
  void templateConfigRanges() {
    List<Problem> problems = errors(AUTO_AUTH + """
        template_config {
          lease_renewal_threshold  = 1.5
          max_connections_per_host = -1
        }
        """);
    assertThat(problems).extracting(Problem::toString).containsExactly(
        "agent.hcl:14:30: 'template_config.lease_renewal_threshold' must be a fraction greater than 0 and at most 1,"
            + " e.g. 0.9",
        "agent.hcl:15:30: 'template_config.max_connections_per_host' must not be negative (0 means unlimited)");
  }

  @Test
  void nothingToDoIsAnError() {
    assertOnlyProblem("pid_file = \"/run/x.pid\"\n", 1, 1, "no auto_auth, cache, or listener block found in config");
  }

  @Test
  void apiProxyNeedsAListenerAndTheTokenOnlyOnce() {
    List<Problem> problems = errors(AUTO_AUTH + """
        api_proxy {
          use_auto_auth_token = "force"
        }
        """);
    assertProblem(only(problems), 13, 1, "configuring the api_proxy requires at least 1 listener to be defined");
    assertOnlyProblem(AUTO_AUTH + "api_proxy {\n  use_auto_auth_token = \"sometimes\"\n}\n"
        + "listener \"tcp\" {\n  address = \"127.0.0.1:8100\"\n}\n",
        14, 25, "'api_proxy.use_auto_auth_token' can be either true, false or \"force\"");
  }

  @Test
  void serverOnlyKeysAreWarnedAboutNotRejected() {
    LoadedConfig loaded = load("disable_mlock = true\n" + AUTO_AUTH);
    assertThat(loaded.warnings()).singleElement().hasToString(
        "agent.hcl:1:1: 'disable_mlock' is a Vault server setting; vaultlet ignores it");
  }

  @Test
  void onlyThePersistentCacheIsNotImplementedAndATlsListenerWithoutCertificateIsWarnedAbout() {
    LoadedConfig loaded = load(AUTO_AUTH + """
        cache {
          use_auto_auth_token = true
          persist "kubernetes" { path = "/cache" }
        }
        listener "tcp" {
          address = "127.0.0.1:8100"
        }
        api_proxy {}
        telemetry {
          prometheus_retention_time = "1h"
        }
        """);
    assertThat(loaded.warnings()).extracting(Problem::toString).containsExactlyInAnyOrder(
        "agent.hcl:15:3: 'cache.persist' is parsed but not implemented by vaultlet: the cache is kept in memory"
            + " only, nothing is persisted or restored",
        "agent.hcl:17:1: listener \"tcp\" serves TLS unless 'tls_disable' is true: without 'tls_cert_file' and"
            + " 'tls_key_file' it cannot start");
  }

  @Test
  void redirectAddressesMustBeHttpAddresses() {
    assertOnlyProblem(AUTO_AUTH + """
        vault {
          redirect_addresses = ["https://vault-2.example.com:8200", "vault-3:8200"]
        }
        """, 14, 24, "'vault.redirect_addresses' entry \"vault-3:8200\" must be an http:// or https:// URL with a host, such as https://");
    assertThat(ConfigTestSupport.config(AUTO_AUTH + """
        vault {
          redirect_addresses = ["https://vault-2.example.com:8200"]
        }
        """).vault().redirectAddresses()).containsExactly("https://vault-2.example.com:8200");
  }
}
