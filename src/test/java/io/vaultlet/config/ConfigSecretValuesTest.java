package io.vaultlet.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.support.Redactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which configuration values count as secrets, and that loading registers them for redaction. */
class ConfigSecretValuesTest {

  @ParameterizedTest
  @ValueSource(strings = {"secret_id", "token", "password", "private_key", "session_token", "secret_key",
      "client_secret", "access_key", "jwt", "Vault-Token", "credentials"})
  void secretNamedKeys(String key) {
    assertThat(SecretValues.isSecretKey(key)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"role", "role_id_file_path", "secret_id_file_path", "token_file_path", "token_path",
      "service_account_token_file", "remove_secret_id_file_after_reading", "jwt_read_period", "client_key",
      "mount_path", "aad_env_var", "jwt_exp", "iam_credentials_endpoint"})
  void keysThatNameFilesOrSwitchesAreNotSecrets(String key) {
    assertThat(SecretValues.isSecretKey(key)).isFalse();
  }

  @Test
  void secretLookingValuesAnywhere() {
    assertThat(SecretValues.looksSecret("-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----"))
        .isTrue();
    assertThat(SecretValues.looksSecret("hvs.CAESIJ3v9tokenvalueAbCdEfGh")).isTrue();
    assertThat(SecretValues.looksSecret("-----BEGIN CERTIFICATE-----")).as("certificates are public").isFalse();
    assertThat(SecretValues.looksSecret("/etc/vaultlet/client-key.pem")).isFalse();
  }

  @Test
  void loadingRegistersSecretsWithTheRedactor() {
    String secretId = "b7c1e0d2-config-secret-id-registered";
    ConfigTestSupport.load("""
        auto_auth {
          method "approle" {
            config = {
              role_id_file_path = "/etc/role-id"
              secret_id         = "%s"
            }
          }
          sink "file" { config = { path = "/t" } }
        }
        """.formatted(secretId));
    assertThat(Redactor.redact("login with " + secretId + " from /etc/role-id"))
        .isEqualTo("login with " + Redactor.MASK + " from /etc/role-id");
  }

  @Test
  void printedConfigurationMasksNumbersUnderSecretKeysToo() {
    AgentConfig c = ConfigTestSupport.config("""
        auto_auth {
          method "approle" {
            config = {
              role_id_file_path = "/etc/role-id"
              password          = 73519264
              secret_id         = "in-line-secret-id"
              retries           = 3
            }
          }
          sink "file" { config = { path = "/t" } }
        }
        """);
    String printed = ConfigJson.toPrettyString(c);
    assertThat(printed).doesNotContain("73519264").doesNotContain("in-line-secret-id").contains("\"retries\" : 3")
        .contains("\"password\" : \"" + Redactor.MASK + "\"");
  }
}
