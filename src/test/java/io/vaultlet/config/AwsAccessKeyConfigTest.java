package io.vaultlet.config;

import static io.vaultlet.config.ConfigTestSupport.AUTO_AUTH;
import static io.vaultlet.config.ConfigTestSupport.config;
import static io.vaultlet.config.ConfigTestSupport.errors;
import static io.vaultlet.config.ConfigTestSupport.load;
import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.config.hcl.Position;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The vaultlet extension {@code aws_access_key "name" { … }}: keys, defaults, errors with their positions. */
class AwsAccessKeyConfigTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    AgentConfig c = config(AUTO_AUTH + """
        aws_access_key "deploy-bot" {
          path = "/secret/aws/deploy-bot/"
        }
        """);
    assertThat(c.awsAccessKeys()).singleElement().satisfies(k -> {
      assertThat(k.name()).isEqualTo("deploy-bot");
      assertThat(k.position()).isEqualTo(new Position("agent.hcl", 13, 1));
      assertThat(k.path()).isEqualTo("secret/aws/deploy-bot");
      assertThat(k.accessKeyField()).isEqualTo("access_key");
      assertThat(k.secretKeyField()).isEqualTo("secret_key");
      assertThat(k.username()).isEmpty();
      assertThat(k.credentials()).isEqualTo(AwsAccessKeyConfig.Credentials.KV);
      assertThat(k.region()).isEqualTo("us-east-1");
      assertThat(k.iamEndpoint()).isEmpty();
      assertThat(k.rotateEvery()).isEqualTo(Duration.ofHours(720));
      assertThat(k.propagationTimeout()).isEqualTo(Duration.ofMinutes(2));
      assertThat(k.deactivateAfter()).isEqualTo(Duration.ofMinutes(10));
      assertThat(k.deleteAfter()).isEqualTo(Duration.ofHours(24));
    });
  }

  @Test
  void everyKeyIsRead() {
    AgentConfig c = config(AUTO_AUTH + """
        aws_access_key "a" {
          path                = "kv/aws/a"
          access_key_field    = "aws_access_key_id"
          secret_key_field    = "aws_secret_access_key"
          username            = "deploy-bot"
          credentials         = "default_chain"
          region              = "eu-central-1"
          iam_endpoint        = "https://iam.example.internal"
          sts_endpoint        = "http://127.0.0.1:8200"
          rotate_every        = "90d"
          propagation_timeout = "5m"
          deactivate_after    = "0s"
          delete_after        = "1h"
        }
        aws_access_key "b" {
          path = "kv/aws/b"
        }
        """);
    assertThat(c.awsAccessKeys()).extracting(AwsAccessKeyConfig::name).containsExactly("a", "b");
    AwsAccessKeyConfig a = c.awsAccessKeys().get(0);
    assertThat(a.accessKeyField()).isEqualTo("aws_access_key_id");
    assertThat(a.secretKeyField()).isEqualTo("aws_secret_access_key");
    assertThat(a.username()).contains("deploy-bot");
    assertThat(a.credentials()).isEqualTo(AwsAccessKeyConfig.Credentials.DEFAULT_CHAIN);
    assertThat(a.region()).isEqualTo("eu-central-1");
    assertThat(a.iamEndpoint()).contains(URI.create("https://iam.example.internal"));
    assertThat(a.stsEndpoint()).contains(URI.create("http://127.0.0.1:8200"));
    assertThat(a.rotateEvery()).isEqualTo(Duration.ofDays(90));
    assertThat(a.propagationTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(a.deactivateAfter()).isZero();
    assertThat(a.deleteAfter()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void badValuesNameWhereAndWhy() {
    List<Problem> problems = errors(AUTO_AUTH + """
        aws_access_key "a" {
          path          = "secret/aws/a"
          credentials   = "kvv"
          iam_endpoint  = "iam.amazonaws.com"
          rotate_every  = "0s"
          secret_key_field = "access_key"
          rotat_every   = "1h"
        }
        aws_access_key {
          path = "secret/aws/x"
        }
        aws_access_key "c" {
        }
        """);
    assertThat(problems).extracting(Problem::toString).containsExactlyInAnyOrder(
        "agent.hcl:15:19: 'aws_access_key.credentials' must be \"kv\" (the stored key pair) or \"default_chain\""
            + " (the AWS SDK's default credentials) (did you mean \"kv\"?)",
        "agent.hcl:16:19: 'aws_access_key.iam_endpoint' must be an http:// or https:// URL with a host",
        "agent.hcl:17:19: 'aws_access_key.rotate_every' must be more than zero",
        "agent.hcl:18:22: 'aws_access_key.secret_key_field' must differ from 'access_key_field' (both are"
            + " \"access_key\")",
        "agent.hcl:19:3: unknown key 'rotat_every' in 'aws_access_key' (did you mean \"rotate_every\"?)",
        "agent.hcl:21:1: 'aws_access_key' needs one name: aws_access_key \"deploy-bot\" { … }",
        "agent.hcl:24:1: 'aws_access_key \"c\"' needs 'path': the KV v2 secret holding the key pair, as templates"
            + " read it (e.g. \"secret/aws/c\")");
  }

  @Test
  void namesAndPathsAreUnique() {
    List<Problem> problems = errors(AUTO_AUTH + """
        aws_access_key "a" { path = "secret/aws/a" }
        aws_access_key "a" { path = "secret/aws/b" }
        aws_access_key "c" { path = "secret/aws/a" }
        """);
    assertThat(problems).extracting(Problem::toString).containsExactly(
        "agent.hcl:14:1: aws_access_key \"a\" is defined twice (first at agent.hcl:13:1)",
        "agent.hcl:15:1: aws_access_key \"c\" rotates the same KV secret \"secret/aws/a\" as the block at"
            + " agent.hcl:13:1: one rotator per key pair");
  }

  @Test
  void aRotatorIsAUseForTheTokenAndAWarningSaysWhenRotationWaitsForDeletion() {
    LoadedConfig loaded = load("""
        auto_auth {
          method "approle" {
            config = { role_id_file_path = "/r", secret_id_file_path = "/s" }
          }
        }
        aws_access_key "a" {
          path         = "secret/aws/a"
          rotate_every = "12h"
        }
        """);
    assertThat(loaded.config().awsAccessKeys()).hasSize(1);
    assertThat(loaded.warnings()).extracting(Problem::toString).contains("agent.hcl:8:18: 'aws_access_key"
        + ".rotate_every' is not longer than deactivate_after + delete_after: each rotation will wait for the previous"
        + " old key to be deleted (IAM allows two keys per user)");
  }

  @Test
  void configCheckPrintsTheBlock() {
    String json = ConfigJson.toPrettyString(config(AUTO_AUTH + """
        aws_access_key "a" {
          path = "secret/aws/a"
          username = "bot"
        }
        """));
    assertThat(json).contains("\"aws_access_key\" : {", "\"a\" : {", "\"path\" : \"secret/aws/a\"",
        "\"username\" : \"bot\"", "\"rotate_every\" : \"720h0m0s\"", "\"credentials\" : \"kv\"");
    assertThat(ConfigJson.toPrettyString(config(AUTO_AUTH))).doesNotContain("aws_access_key");
  }

  @Test
  void jsonConfigurationsLabelTheBlockByItsKey() throws Exception {
    AgentConfig c = ConfigLoader.loadSources(List.of(new ConfigLoader.Source("agent.hcl", AUTO_AUTH),
        new ConfigLoader.Source("keys.json", """
        {"aws_access_key": {"bot": {"path": "secret/aws/bot", "delete_after": "2h"}}}
        """)), java.util.Map.of(), ConfigOverrides.none()).config();
    assertThat(c.awsAccessKeys()).singleElement().satisfies(k -> {
      assertThat(k.name()).isEqualTo("bot");
      assertThat(k.deleteAfter()).isEqualTo(Duration.ofHours(2));
      assertThat(k.username()).isEqualTo(Optional.empty());
    });
  }
}
