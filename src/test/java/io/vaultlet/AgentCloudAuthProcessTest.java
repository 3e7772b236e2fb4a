package io.vaultlet;

import static io.vaultlet.AgentProcesses.await;
import static io.vaultlet.AgentProcesses.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.testing.CloudStandIns;
import io.vaultlet.testing.VaultHttp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gcp and azure auto-auth as a user runs them: {@code vaultlet dev} as one process, {@code vaultlet agent} as another
 * for each method, pointed at the emulator's cloud stand-ins only through the variables Google's and Azure's SDKs
 * read ({@code GOOGLE_APPLICATION_CREDENTIALS}, {@code GCE_METADATA_HOST}, {@code IMDS_ENDPOINT}) and, for the IAM
 * Credentials API, the documented {@code iam_credentials_endpoint} key. Each agent logs in, writes its sink and
 * renders a secret; none of the credentials it handled appears in its output.
 */
class AgentCloudAuthProcessTest {

  static final String AGENT_SA = "vault-agent@proj-1.iam.gserviceaccount.com";
  static final String APP_SA = "app@proj-1.iam.gserviceaccount.com";
  static final String SUB = "6a3e2d1c-0b9a-4f8e-8d7c-6b5a4f3e2d1c";

  @TempDir static Path dir;
  private static Process dev;
  private static String address;
  private static CloudStandIns cloud;
  private static String password;
  private static Path keyFile;

  @BeforeAll
  static void startEmulator() throws Exception {
    Path devLog = dir.resolve("dev.log");
    String root = "root-" + UUID.randomUUID();
    dev = vaultlet(devLog, Map.of(), "dev", "--no-agent", "--no-postgres", "-dev-listen-address=127.0.0.1:0",
        "-dev-root-token-id=" + root);
    await("the emulator", dev, devLog, () -> read(devLog).contains("Root Token: "));
    Matcher m = Pattern.compile("Api Address: (\\S+)").matcher(read(devLog));
    assertThat(m.find()).isTrue();
    address = m.group(1);
    VaultHttp vault = new VaultHttp(address, root);
    password = "pw-" + UUID.randomUUID();
    vault.write("secret/data/app", Map.of("data", Map.of("password", password)));
    vault.write("sys/policies/acl/app", Map.of("policy", "path \"secret/data/app\" { capabilities = [\"read\"] }"));
    vault.write("sys/auth/gcp", Map.of("type", "gcp"));
    vault.write("sys/auth/azure", Map.of("type", "azure"));

    cloud = new CloudStandIns(address);
    keyFile = dir.resolve("vault-agent-key.json");
    Files.writeString(keyFile, CloudStandIns.keyFileJson(cloud.gcpServiceAccount(AGENT_SA, List.of())));
    cloud.gcpServiceAccount(APP_SA, List.of(AGENT_SA));
    cloud.gcpInstance(Map.of("name", "vm-1", "service_account", APP_SA, "zone", "europe-west1-b"));
    vault.write("auth/gcp/role/app", Map.of("type", "iam", "bound_service_accounts", APP_SA,
        "token_policies", "app"));
    vault.write("auth/gcp/role/vm", Map.of("type", "gce", "bound_zones", "europe-west1-b", "token_policies", "app"));

    @SuppressWarnings("unchecked")
    Map<String, Object> system = (Map<String, Object>) cloud.azureVm(Map.of("name", "web-1", "subscription_id", SUB,
        "resource_group_name", "rg-web")).get("system_assigned");
    vault.write("auth/azure/config", Map.of("tenant_id", cloud.azureTenant().get("tenant_id"),
        "resource", "https://management.azure.com/"));
    vault.write("auth/azure/role/app", Map.of("bound_service_principal_ids", system.get("principal_id"),
        "bound_subscription_ids", SUB, "bound_resource_groups", "rg-web", "token_policies", "app"));
  }

  @AfterAll
  static void stopEmulator() throws InterruptedException {
    if (dev != null) {
      dev.destroy();
      if (!dev.waitFor(20, TimeUnit.SECONDS)) {
        dev.destroyForcibly();
      }
    }
  }

  /** Runs the agent once ({@code -exit-after-auth}) with {@code method}; returns its output. */
  private static String runAgent(String name, String method, Map<String, String> env) throws Exception {
    Path out = dir.resolve(name + ".txt");
    Path sink = dir.resolve(name + ".token");
    Path config = dir.resolve(name + ".hcl");
    Files.writeString(config, ""
        + "vault { address = \"" + address + "\" }\n"
        + "auto_auth {\n" + method + "\n"
        + "  sink \"file\" { config = { path = \"" + sink + "\" } }\n}\n"
        + "template {\n"
        + "  contents    = \"{{ with secret \\\"secret/data/app\\\" }}{{ .Data.data.password }}{{ end }}\"\n"
        + "  destination = \"" + out + "\"\n"
        + "}\n");
    Path log = dir.resolve(name + ".log");
    Process agent = vaultlet(log, env, "agent", "-config", config.toString(), "-exit-after-auth",
        "-log-level=trace");
    try {
      assertThat(agent.waitFor(90, TimeUnit.SECONDS)).as(read(log)).isTrue();
    } finally {
      agent.destroyForcibly();
    }
    assertThat(agent.exitValue()).as(read(log)).isZero();
    assertThat(read(out)).isEqualTo(password);
    String token = read(sink);
    assertThat(token).startsWith("hvs.");
    String output = read(log);
    assertThat(output).contains("authentication successful").doesNotContain(token).doesNotContain(password)
        .doesNotContain("ya29.").doesNotContain("eyJ").doesNotContain("PRIVATE KEY");
    return output;
  }

  @Test
  void gcpIamSignsWithTheKeyFileOfGoogleApplicationCredentials() throws Exception {
    String output = runAgent("gcp-iam", "  method \"gcp\" {\n    config = {\n      type = \"iam\"\n"
        + "      role = \"app\"\n      service_account = \"" + APP_SA + "\"\n"
        + "      iam_credentials_endpoint = \"" + cloud.iamCredentialsEndpoint() + "\"\n    }\n  }",
        Map.of("GOOGLE_APPLICATION_CREDENTIALS", keyFile.toString()));
    String keyLine = read(keyFile).replace("\\n", "\n").lines().filter(l -> l.length() > 60 && !l.contains("\""))
        .findFirst().orElseThrow();
    assertThat(output).doesNotContain(keyLine);
  }

  @Test
  void gcpGceUsesTheMetadataServerOfGceMetadataHost() throws Exception {
    runAgent("gcp-gce", "  method \"gcp\" {\n    config = {\n      type = \"gce\"\n      role = \"vm\"\n    }\n  }",
        Map.of("GCE_METADATA_HOST", cloud.gceMetadataHost("vm-1")));
  }

  @Test
  void azureUsesTheManagedIdentityOfImdsEndpoint() throws Exception {
    runAgent("azure", "  method \"azure\" {\n    config = {\n      role = \"app\"\n"
        + "      resource = \"https://management.azure.com/\"\n    }\n  }",
        Map.of("IMDS_ENDPOINT", cloud.imdsEndpoint("web-1")));
  }

  private static Process vaultlet(Path log, Map<String, String> env, String... args) throws IOException {
    ProcessBuilder pb = AgentProcesses.main(log, args);
    pb.environment().keySet().removeIf(k -> k.startsWith("GOOGLE_") || k.startsWith("GCE_") || k.startsWith("AZURE_")
        || k.startsWith("IMDS_") || k.startsWith("IDENTITY_") || k.startsWith("VAULT_") || k.startsWith("CLOUDSDK_"));
    pb.environment().put("HOME", dir.toString());
    pb.environment().putAll(env);
    return pb.start();
  }
}
