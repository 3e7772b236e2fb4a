package io.vaultlet.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vaultlet.config.ConfigException;
import io.vaultlet.config.ConfigLoader;
import io.vaultlet.config.LoadedConfig;
import io.vaultlet.config.MethodConfig;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Real gcp and azure agent configurations (Vault's own fixtures and files from public repositories, see
 * {@code cloud-configs/SOURCES.tsv}) load as Vault loads them, and their methods are built with the keys they set.
 */
class CloudConfigsTest {

  private static final Map<String, String> ENV = Map.of("VAULT_ADDR", "http://127.0.0.1:8200",
      "HOME", "/nonexistent-home");

  private static LoadedConfig load(String name) throws Exception {
    return ConfigLoader.load(List.of(fixture(name)), ENV);
  }

  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(CloudConfigsTest.class.getResource("cloud-configs/" + name).toURI());
  }

  private static MethodConfig method(String name) throws Exception {
    return load(name).config().autoAuth().orElseThrow().method();
  }

  @ParameterizedTest
  @CsvSource({
      "caravan-gcp-agent.hcl, gcp, auth/gcp, GcpIamMethod",
      "gce-admin-mount.hcl, gcp, auth/gcp_admin, GcpGceMethod",
      "gcp-iam-namespace-jwt-exp.hcl, gcp, auth/gcp, GcpIamMethod",
      "gcp-iam-no-service-account.hcl, gcp, auth/gcp, GcpIamMethod",
      "gcp-gce-trailing-comma.hcl, gcp, auth/gcp, GcpGceMethod",
      "vault-fixture-azure.hcl, azure, auth/azure, AzureMethod",
      "azure-workload-identity.hcl, azure, auth/azure, AzureMethod",
      "azure-consul-templates.hcl, azure, auth/azure, AzureMethod",
      "azure-aks-sp-resource.hcl, azure, auth/azure, AzureMethod",
      "azure-two-sinks-placeholders.hcl, azure, auth/azure, AzureMethod",
      "azure-quoted-auto-auth.hcl, azure, auth/azure, AzureMethod",
  })
  void realConfigurationsLoadAndBuildTheirMethod(String file, String type, String mount, String className)
      throws Exception {
    MethodConfig m = method(file);
    assertThat(m.type()).isEqualTo(type);
    assertThat(m.mountPath()).isEqualTo(mount);
    AuthMethod built = AuthMethods.create(m, Clock.systemUTC(), ENV);
    assertThat(built.getClass().getSimpleName()).isEqualTo(className);
    assertThat(built.type()).isEqualTo(type);
  }

  @Test
  void theKeysAreReadAsVaultReadsThem() throws Exception {
    MethodConfig crdb = method("gcp-iam-namespace-jwt-exp.hcl");
    assertThat(crdb.namespace()).contains("admin/");
    assertThat(crdb.config().integer("jwt_exp")).contains(5L);
    assertThat(method("vault-fixture-azure.hcl").config().bool("authenticate_from_environment")).contains(true);
    assertThat(method("vault-fixture-azure.hcl").namespace()).contains("azure-namespace/");
    assertThat(load("azure-two-sinks-placeholders.hcl").config().autoAuth().orElseThrow().sinks()).hasSize(2);
  }

  @Test
  void vaultsGcpFixtureLoadsButHasNoTypeWhichTheMethodRefusesAsVaultDoes() throws Exception {
    MethodConfig m = method("vault-fixture-gcp.hcl");
    assertThatThrownBy(() -> AuthMethods.create(m, Clock.systemUTC(), ENV)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("vault-fixture-gcp.hcl:").hasMessageContaining(
            "error creating gcp auth method: missing 'type' value");
  }
}
