package io.vaultlet.config;

import static io.vaultlet.config.ConfigTestSupport.AUTO_AUTH;
import static io.vaultlet.config.ConfigTestSupport.config;
import static io.vaultlet.config.ConfigTestSupport.errors;
import static io.vaultlet.config.ConfigTestSupport.load;
import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.config.RotationConfig.Slots;
import io.vaultlet.config.VerifyConfig.OnFailure;
import io.vaultlet.config.hcl.Position;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rotation keys of a template ({@code verify}, {@code grace_period}, {@code slots}) and {@code state_dir}. */
class RotationConfigTest {

  private static final String TEMPLATE_START = AUTO_AUTH + "template {\n  destination = \"/s/db.env\"\n"
      + "  contents = \"x\"\n"; // the template's own keys start on line 16

  @Test
  void everyKeyIsBound() {
    AgentConfig c = config(AUTO_AUTH + """
        state_dir = "/var/lib/vaultlet"
        template {
          destination  = "/s/db.env"
          contents     = "x"
          grace_period = "5m"
          slots        = "blue_green"
          verify {
            postgres   = "{{ with secret \\"database/creds/app\\" }}postgresql://{{ .Data.username }}@db/app{{ end }}"
            tls {
              ca_file   = "/etc/ca.pem"
              hostnames = ["api.svc", "10.0.0.1"]
              key_file  = "/s/key.pem"
            }
            command    = ["/bin/check", "--env"]
            timeout    = "3s"
            on_failure = "publish"
          }
        }
        """);
    RotationConfig r = c.templates().get(0).rotation();
    assertThat(r.gracePeriod()).isEqualTo(Duration.ofMinutes(5));
    assertThat(r.slots()).isEqualTo(Slots.BLUE_GREEN);
    VerifyConfig v = r.verify().orElseThrow();
    assertThat(v.postgres()).contains("{{ with secret \"database/creds/app\" }}postgresql://{{ .Data.username }}@db/app"
        + "{{ end }}");
    assertThat(v.tls()).contains(new VerifyConfig.TlsCheck(Optional.of("/etc/ca.pem"), List.of("api.svc", "10.0.0.1"),
        Optional.of("/s/key.pem")));
    assertThat(v.command()).containsExactly("/bin/check", "--env");
    assertThat(v.timeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(v.onFailure()).isEqualTo(OnFailure.PUBLISH);
    assertThat(c.stateDir()).contains("/var/lib/vaultlet");
    assertThat(c.rotationStateFile()).contains(Path.of("/var/lib/vaultlet/rotation-state.json"));
    String json = ConfigJson.toPrettyString(c);
    assertThat(json).contains("\"grace_period\" : \"5m0s\"").contains("\"slots\" : \"blue_green\"")
        .contains("\"on_failure\" : \"publish\"").contains("\"state_dir\" : \"/var/lib/vaultlet\"");
  }

  @Test
  void theAwsCheckIsBoundWithItsDefaultsAndItsRequiredKeys() {
    AgentConfig c = config(AUTO_AUTH + """
        template {
          destination = "/s/aws.env"
          contents    = "x"
          verify {
            aws {
              access_key_id     = "{{ with secret \\"aws/creds/app\\" }}{{ .Data.access_key }}{{ end }}"
              secret_access_key = "{{ with secret \\"aws/creds/app\\" }}{{ .Data.secret_key }}{{ end }}"
              sts_endpoint      = "http://127.0.0.1:8200"
            }
            timeout = "30s"
          }
        }
        """);
    VerifyConfig.AwsCheck aws = c.templates().get(0).rotation().verify().orElseThrow().aws().orElseThrow();
    assertThat(aws.accessKeyId()).isEqualTo("{{ with secret \"aws/creds/app\" }}{{ .Data.access_key }}{{ end }}");
    assertThat(aws.region()).isEqualTo("us-east-1");
    assertThat(aws.sessionToken()).isEmpty();
    assertThat(aws.stsEndpoint()).contains("http://127.0.0.1:8200");
    assertThat(ConfigJson.toPrettyString(c)).contains("\"aws\" : {", "\"region\" : \"us-east-1\"");

    assertThat(errors(AUTO_AUTH + """
        template {
          destination = "/s/aws.env"
          contents    = "x"
          verify {
            aws {
              access_key_id = "{{ .x }}"
              sts_endpoint  = "sts.local"
              regoin        = "eu-west-1"
            }
          }
        }
        """)).extracting(Problem::message)
        .anySatisfy(m -> assertThat(m).contains("'template.verify.aws.secret_access_key' is required"))
        .anySatisfy(m -> assertThat(m).contains("sts_endpoint' must be an http:// or https:// URL"))
        .anySatisfy(m -> assertThat(m).contains("regoin").contains("did you mean \"region\""));
  }

  @Test
  void everyEndpointKeyFollowsTheOneUrlRuleAHostIsRequired() {
    assertThat(errors(AUTO_AUTH + """
        template {
          destination = "/s/aws.env"
          contents    = "x"
          verify {
            aws {
              access_key_id     = "{{ .x }}"
              secret_access_key = "{{ .y }}"
              sts_endpoint      = "https:///no-host"
            }
          }
        }
        """)).extracting(Problem::message)
        .containsExactly("'template.verify.aws.sts_endpoint' must be an http:// or https:// URL with a host");
    assertThat(HttpUrl.parse(" https://sts.local:4566/ ")).map(java.net.URI::getHost).contains("sts.local");
    assertThat(HttpUrl.parse("HTTP://sts.local")).isPresent();
    assertThat(HttpUrl.parse("sts.local")).isEmpty();
    assertThat(HttpUrl.parse("ftp://sts.local")).isEmpty();
    assertThat(HttpUrl.parse("http://")).isEmpty();
    assertThat(HttpUrl.parse("https://a b")).isEmpty();
  }

  @Test
  void defaultsAndAPlainTemplate() {
    AgentConfig c = config(AUTO_AUTH + """
        pid_file = "/run/vaultlet/agent.pid"
        template {
          destination = "/s/a"
          contents    = "x"
          verify { command = "true" }
        }
        template {
          destination = "/s/b"
          contents    = "x"
        }
        """);
    VerifyConfig v = c.templates().get(0).rotation().verify().orElseThrow();
    assertThat(v.timeout()).isEqualTo(VerifyConfig.DEFAULT_TIMEOUT);
    assertThat(v.onFailure()).isEqualTo(OnFailure.KEEP);
    assertThat(v.command()).containsExactly("true");
    assertThat(c.templates().get(1).rotation()).isEqualTo(RotationConfig.none());
    assertThat(c.templates().get(1).rotation().enabled()).isFalse();
    assertThat(c.rotationStateFile()).as("next to the pid file").contains(Path.of("/run/vaultlet/rotation-state.json"));
    assertThat(ConfigJson.toPrettyString(c)).doesNotContain("grace_period").doesNotContain("slots");
  }

  @Test
  void badValuesAreErrorsAtTheirPosition() {
    List<Problem> problems = errors(TEMPLATE_START + """
          grace_period = "-5m"
          slots = "blue-green"
          verify {
            timeout    = "0s"
            on_failure = "publsh"
            gcp        = "x"
          }
        }
        """);
    assertThat(problems).extracting(Problem::toString).containsExactlyInAnyOrder(
        "agent.hcl:16:18: 'template.grace_period' must not be negative",
        "agent.hcl:17:11: 'template.slots' must be \"blue_green\" (did you mean \"blue_green\"?)",
        "agent.hcl:21:5: unknown key 'gcp' in 'template.verify'",
        "agent.hcl:18:3: 'template.verify' needs at least one check: postgres, tls { … }, aws { … } or command",
        "agent.hcl:19:18: 'template.verify.timeout' must be longer than zero, e.g. \"10s\"",
        "agent.hcl:20:18: 'template.verify.on_failure' must be \"keep\" or \"publish\" (did you mean \"publish\"?)");
    assertThat(errors(TEMPLATE_START + "  slots = \"blue_green\"\n  backup = true\n}\n")).extracting(Problem::toString)
        .containsExactly("agent.hcl:17:3: 'template.backup' cannot be used with slots = \"blue_green\": the other slot "
            + "already keeps the previous file");
  }

  @Test
  void aVerifyKeyOutsideVerifySaysWhereItBelongs() {
    assertThat(errors(TEMPLATE_START + "  on_failure = \"keep\"\n}\n")).extracting(Problem::toString)
        .containsExactly("agent.hcl:16:3: unknown key 'on_failure' in 'template' ('on_failure' belongs in "
            + "'template.verify')");
  }

  @Test
  void theCommentedRotationExampleOfAgentHclExampleIsValid() throws Exception {
    String example = java.nio.file.Files.readString(Path.of("agent.hcl.example"));
    int start = example.indexOf('\n', example.indexOf("# --- rotation example ---")) + 1;
    int end = example.indexOf("# --- end of rotation example ---");
    assertThat(start).isGreaterThan(1);
    StringBuilder uncommented = new StringBuilder(example.substring(0, start));
    for (String line : example.substring(start, end).split("\n")) {
      uncommented.append(line.startsWith("# ") ? line.substring(2) : line.equals("#") ? "" : line).append('\n');
    }
    AgentConfig c = config(uncommented + example.substring(end));
    assertThat(c.templates()).filteredOn(t -> t.rotation().enabled()).hasSize(3);
    assertThat(c.templates()).filteredOn(t -> t.rotation().verify().flatMap(VerifyConfig::aws).isPresent()).hasSize(1);
    assertThat(c.stateDir()).contains("/var/lib/vaultlet");
  }

  @Test
  void aGracePeriodWithoutStateDirOrPidFileWarnsThatRevocationsDoNotSurviveARestart() {
    LoadedConfig loaded = load(TEMPLATE_START + "  grace_period = \"5m\"\n}\n");
    assertThat(loaded.warnings()).extracting(Problem::position).contains(new Position("agent.hcl", 13, 1));
    assertThat(loaded.warnings()).extracting(Problem::message)
        .anyMatch(m -> m.contains("do not survive a restart") && m.contains("state_dir"));
    assertThat(load(TEMPLATE_START + "  grace_period = \"5m\"\n}\nstate_dir = \"/var/lib/v\"\n").warnings())
        .extracting(Problem::message).noneMatch(m -> m.contains("state_dir"));
  }
}
