package io.vaultlet.config;

import static io.vaultlet.config.ConfigTestSupport.AUTO_AUTH;
import static io.vaultlet.config.ConfigTestSupport.errors;
import static io.vaultlet.config.ConfigTestSupport.load;
import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.config.hcl.Position;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code template "name" { … }}: Vault's {@code parseTemplates} takes every item named {@code template} and decodes
 * its body, so a label (or several) is dropped and each block is a template of its own, in HCL and in JSON.
 */
class LabelledTemplateTest {

  @Test
  void aLabelledTemplateIsATemplateAndTheLabelIsDropped() {
    AgentConfig config = load(AUTO_AUTH + """
        template "web" {
          contents    = "{{ with secret \\"secret/web\\" }}{{ .Data.data.k }}{{ end }}"
          destination = "/out/web"
        }
        """).config();
    assertThat(config.templates()).singleElement().satisfies(t -> {
      assertThat(t.destination()).isEqualTo("/out/web");
      assertThat(t.position()).isEqualTo(new Position("agent.hcl", 13, 1));
    });
  }

  @Test
  void severalLabelledAndUnlabelledTemplatesAreEachATemplateInOrder() {
    AgentConfig config = load(AUTO_AUTH + """
        template "a" {
          contents    = "a"
          destination = "/out/a"
        }
        template {
          contents    = "b"
          destination = "/out/b"
        }
        template "c" "extra" {
          contents    = "c"
          destination = "/out/c"
        }
        template "a" {
          contents    = "a2"
          destination = "/out/a2"
        }
        """).config();
    assertThat(config.templates()).extracting(TemplateConfig::destination)
        .containsExactly("/out/a", "/out/b", "/out/c", "/out/a2");
    assertThat(config.templates()).extracting(TemplateConfig::contents)
        .containsExactly(Optional.of("a"), Optional.of("b"), Optional.of("c"), Optional.of("a2"));
  }

  @Test
  void theJsonFormIsAnObjectKeyedByTheLabel() {
    AgentConfig config = load("""
        {
          "auto_auth": [{
            "method": [{"type": "approle", "config": [{"role_id_file_path": "/r", "secret_id_file_path": "/s"}]}],
            "sink": [{"type": "file", "config": [{"path": "/t"}]}]
          }],
          "template": {
            "web": {"contents": "w", "destination": "/out/web"},
            "db":  {"contents": "d", "destination": "/out/db", "error_on_missing_key": true}
          }
        }
        """).config();
    assertThat(config.templates()).extracting(TemplateConfig::destination).containsExactly("/out/web", "/out/db");
    assertThat(config.templates().get(1).errorOnMissingKey()).isTrue();
  }

  @Test
  void aLabelledTemplateIsStillDecodedStrictly() {
    List<Problem> problems = errors(AUTO_AUTH + """
        template "web" {
          contents    = "w"
          destinaton  = "/out/web"
        }
        """);
    assertThat(problems).extracting(Problem::toString).containsExactly(
        "agent.hcl:13:1: 'template' needs a 'destination' (the file to write)",
        "agent.hcl:15:3: unknown key 'destinaton' in 'template' (did you mean \"destination\"?)");
  }
}
