package io.vaultlet.dev.demo;

import io.vaultlet.dev.database.DatabaseBackend;
import io.vaultlet.dev.database.SharedPostgres;
import io.vaultlet.support.PrivateFile;
import io.vaultlet.vault.VaultClient;
import io.vaultlet.vault.VaultException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code vaultlet dev} demo: seeds the emulator through Vault's own HTTP API (as a user would with the
 * {@code vault} CLI) and writes an agent configuration that renders {@code templates/} into {@code ./out/}.
 *
 * <p>What it seeds: a KV v2 secret ({@code secret/demo/app}); the database engine on the embedded PostgreSQL with
 * role {@code demo-app} (45 s credentials, renewable up to 2 minutes, so the agent renews and then re-issues them);
 * a PKI root and role {@code demo} (the template asks for 3-minute certificates); AppRole {@code demo-agent}
 * (1-minute tokens, 3-minute max TTL, so auto-auth renews and re-authenticates while you watch); an IAM user
 * {@code demo-app} in the emulator's IAM stand-in whose first key pair goes to {@code secret/demo/aws}, rotated by the
 * agent's {@code aws_access_key "demo"} block every 3 minutes.
 *
 * <p>{@code db.env} shows rotation safety (docs/rotation.md): every new credential is verified before it is used
 * (a PostgreSQL login with it, and a small check script), it lands in blue-green slots ({@code db.env} links to
 * {@code db.env.blue} or {@code db.env.green}), and the previous credential is revoked {@value #GRACE} after each
 * switch. The check script fails <b>once, on purpose</b>, at the first rotation, so the demo shows a failed
 * verification (the previous file is kept, the check is retried) before the switch.
 */
public final class DevDemo {

  /** The demo's templates, in the order they are listed. */
  static final List<String> TEMPLATES = List.of("app.env.ctmpl", "db.env.ctmpl", "tls.pem.ctmpl", "aws.env.ctmpl");

  static final String DB_CREATE = "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' "
      + "VALID UNTIL '{{expiration}}';";

  /** How long the previous database credential stays valid after a switch. */
  static final String GRACE = "15s";
  /** The demo's check for db.env: its second run (the first rotation) fails on purpose. */
  static final String VERIFY_SCRIPT = "verify-db.sh";

  private final VaultClient root;
  private final Path outDir;

  /**
   * @param root a client holding the emulator's root token
   * @param outDir where the agent renders ({@code ./out}); the demo's own files go to {@code outDir/.demo}
   */
  public DevDemo(VaultClient root, Path outDir) {
    this.root = root;
    this.outDir = outDir;
  }

  /**
   * What {@link #seed} produced: the agent configuration to run, and the demo parts that could not start (template
   * name → one line saying what is missing and how to fix it).
   *
   * @param postgres where the database engine's PostgreSQL listens ({@code 127.0.0.1:port}), when it runs
   */
  public record Setup(Path agentConfig, Map<String, String> missing, Optional<String> postgres) {
    public Setup {
      missing = Map.copyOf(missing);
    }

    /** True when the database engine works and {@code db.env} renders. */
    public boolean database() {
      return !missing.containsKey("db.env");
    }
  }

  /** Seeds the emulator and writes the agent configuration. */
  public Setup seed(String vaultAddress) throws IOException {
    Path demoDir = outDir.resolve(".demo");
    Files.createDirectories(demoDir);
    Path templates = templatesDir(demoDir);

    root.write("secret/data/demo/app", Map.of("data",
        Map.of("name", "vaultlet-demo", "greeting", "hello from vault")));
    Map<String, String> missing = new LinkedHashMap<>();
    Optional<String> databaseProblem = seedDatabase();
    databaseProblem.ifPresent(why -> missing.put("db.env", why));
    boolean database = databaseProblem.isEmpty();
    Optional<String> postgres = database ? SharedPostgres.runningPort().map(p -> "127.0.0.1:" + p) : Optional.empty();
    if (postgres.isPresent()) {
      Files.writeString(demoDir.resolve("postgres-address"), postgres.get() + "\n");
    } else {
      Files.deleteIfExists(demoDir.resolve("postgres-address"));
    }
    root.write("sys/mounts/pki", Map.of("type", "pki", "config", Map.of("max_lease_ttl", "87600h")));
    root.write("pki/root/generate/internal", Map.of("common_name", "vaultlet demo root", "ttl", "8760h"));
    root.write("pki/roles/demo", Map.of("allowed_domains", "demo.internal", "allow_subdomains", true,
        "max_ttl", "1h"));

    seedAws(vaultAddress);
    root.write("sys/policies/acl/demo-agent", Map.of("policy", String.join("\n",
        "path \"secret/data/demo/*\" { capabilities = [\"read\"] }",
        "path \"secret/data/demo/aws\" { capabilities = [\"read\", \"create\", \"update\"] }",
        "path \"secret/metadata/demo/aws\" { capabilities = [\"read\", \"create\", \"update\"] }",
        "path \"database/creds/demo-app\" { capabilities = [\"read\"] }",
        "path \"pki/issue/demo\" { capabilities = [\"create\", \"update\"] }",
        "# db.env's grace_period ends the previous credential on purpose (Vault's default policy cannot revoke)",
        "path \"sys/leases/revoke\" { capabilities = [\"update\"] }")));
    root.write("sys/auth/approle", Map.of("type", "approle"));
    root.write("auth/approle/role/demo-agent", Map.of("token_policies", List.of("demo-agent"),
        "token_ttl", "1m", "token_max_ttl", "3m"));
    String roleId = root.read("auth/approle/role/demo-agent/role-id").orElseThrow()
        .data().path("role_id").asText();
    String secretId = root.write("auth/approle/role/demo-agent/secret-id", Map.of()).orElseThrow()
        .data().path("secret_id").asText();
    // credentials are 0600 from the moment they exist
    Path roleIdFile = demoDir.resolve("role-id");
    PrivateFile.write(roleIdFile, roleId);
    Path secretIdFile = demoDir.resolve("secret-id");
    PrivateFile.write(secretIdFile, secretId);

    Path check = writeCheck(demoDir);
    Path config = demoDir.resolve("agent.hcl");
    Files.writeString(config, agentConfig(vaultAddress, roleIdFile, secretIdFile, templates, database, demoDir, check,
        postgres));
    return new Setup(config, missing, postgres);
  }

  /**
   * The IAM user {@code demo-app} and its first key pair, made through the emulator's {@code /_dev/aws/users} (as a
   * user would with curl) and written to {@code secret/demo/aws} for the agent's {@code aws_access_key} block.
   */
  private void seedAws(String vaultAddress) throws IOException {
    java.net.http.HttpResponse<String> r;
    try {
      r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
              java.net.URI.create(vaultAddress + "/_dev/aws/users"))
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"user_name\":\"demo-app\"}")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while seeding the IAM user", e);
    }
    if (r.statusCode() != 200) {
      throw new IOException("the emulator refused to seed the IAM user: " + r.statusCode());
    }
    com.fasterxml.jackson.databind.JsonNode user = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
    root.write("secret/data/demo/aws", Map.of("data", Map.of(
        "access_key", user.path("access_key_id").asText(), "secret_key", user.path("secret_access_key").asText())));
  }

  /** Mounts the database engine and its role; empty when it works, else why not and what to do (one line). */
  private Optional<String> seedDatabase() {
    try {
      root.write("sys/mounts/database", Map.of("type", "database"));
      if (root.read("database/config/" + DatabaseBackend.DEV_CONNECTION).isEmpty()) {
        String why = SharedPostgres.unavailableReason().orElse("the emulator runs without PostgreSQL (-no-postgres)");
        return Optional.of(why + "; to use your own server: vaultlet dev -dev-postgres=<jdbc-url>");
      }
      root.write("database/roles/demo-app", Map.of("db_name", DatabaseBackend.DEV_CONNECTION,
          "creation_statements", DB_CREATE, "default_ttl", "45s", "max_ttl", "2m"));
      return Optional.empty();
    } catch (VaultException e) {
      return Optional.of("the database engine could not be set up: " + String.join("; ", e.errors()));
    }
  }

  /**
   * The db.env check: passes when the staged file holds a password — except its second run (the first rotation),
   * which fails on purpose. Its counter starts again with every demo; both files are owner-only.
   */
  private static Path writeCheck(Path demoDir) throws IOException {
    Path count = demoDir.resolve("verify-db.count");
    PrivateFile.write(count, "0\n");
    Path script = demoDir.resolve(VERIFY_SCRIPT);
    PrivateFile.write(script, String.join("\n",
        "# vaultlet dev: the check db.env must pass before the agent publishes it (verify { command }).",
        "# It fails once on purpose, at the first rotation, to show that the previous file is kept and the check retried.",
        "n=$(( $(cat \"" + count + "\") + 1 ))",
        "echo \"$n\" > \"" + count + "\"",
        "if [ \"$n\" -eq 2 ]; then",
        "  echo \"failing once on purpose (vaultlet dev demo): the agent keeps the previous db.env and retries\"",
        "  exit 1",
        "fi",
        "grep -q '^DB_PASSWORD=.' \"$VAULTLET_STAGED_FILE\"",
        ""));
    return script;
  }

  /** The agent configuration, in Vault Agent's own HCL (plus the marked vaultlet extensions), as a user would write it. */
  private String agentConfig(String address, Path roleId, Path secretId, Path templates, boolean database,
      Path demoDir, Path check, Optional<String> postgres) {
    StringBuilder hcl = new StringBuilder();
    hcl.append("# Written by `vaultlet dev`: the demo agent's configuration.\n")
        .append("vault {\n  address = \"").append(address).append("\"\n}\n\n")
        .append("auto_auth {\n  method \"approle\" {\n    config = {\n")
        .append("      role_id_file_path                   = \"").append(roleId).append("\"\n")
        .append("      secret_id_file_path                 = \"").append(secretId).append("\"\n")
        .append("      remove_secret_id_file_after_reading = false\n    }\n  }\n}\n\n")
        .append("template_config {\n  static_secret_render_interval = \"30s\"\n}\n\n")
        .append("# vaultlet extension: pending revocations of previous credentials survive a restart here\n")
        .append("state_dir = \"").append(demoDir).append("\"\n\n")
        .append("# vaultlet extension: rotates demo-app's IAM access key (emulated IAM and STS at the same address)\n")
        .append("aws_access_key \"demo\" {\n")
        .append("  path             = \"secret/demo/aws\"\n")
        .append("  iam_endpoint     = \"").append(address).append("\"\n")
        .append("  sts_endpoint     = \"").append(address).append("\"\n")
        .append("  rotate_every     = \"3m\"\n")
        .append("  deactivate_after = \"40s\"\n")
        .append("  delete_after     = \"1m\"\n")
        .append("}\n");
    for (String name : TEMPLATES) {
      if (!database && name.startsWith("db.")) {
        continue;
      }
      String dest = outDir.resolve(name.substring(0, name.length() - ".ctmpl".length())).toString();
      hcl.append("\ntemplate {\n")
          .append("  source      = \"").append(templates.resolve(name)).append("\"\n")
          .append("  destination = \"").append(dest).append("\"\n")
          .append("  perms       = \"0600\"\n");
      if (name.startsWith("db.")) {
        hcl.append(rotation(check, postgres));
      }
      hcl.append("}\n");
    }
    return hcl.toString();
  }

  /** db.env's vaultlet extensions: verify (PostgreSQL login + the check script), blue-green slots, grace period. */
  private static String rotation(Path check, Optional<String> postgres) {
    StringBuilder hcl = new StringBuilder()
        .append("  # vaultlet extensions (docs/rotation.md): verify each new credential before it is used, keep it in\n")
        .append("  # blue-green slots (db.env -> db.env.blue | db.env.green), revoke the previous one after the grace\n")
        .append("  slots        = \"blue_green\"\n")
        .append("  grace_period = \"").append(GRACE).append("\"\n")
        .append("  verify {\n");
    postgres.ifPresent(pg -> hcl.append("    postgres = \"{{ with secret \\\"database/creds/demo-app\\\" }}")
        .append("postgresql://{{ .Data.username }}:{{ .Data.password }}@").append(pg)
        .append("/postgres{{ end }}\"\n"));
    return hcl.append("    command  = [\"/bin/sh\", \"").append(check).append("\"]  # fails once, on purpose\n")
        .append("    timeout  = \"10s\"\n")
        .append("  }\n").toString();
  }

  /** {@code ./templates} when it holds the demo's templates, else the copies inside the jar, unpacked. */
  private static Path templatesDir(Path demoDir) throws IOException {
    Path local = Path.of("templates");
    if (TEMPLATES.stream().allMatch(t -> Files.isRegularFile(local.resolve(t)))) {
      return local.toAbsolutePath();
    }
    Path unpacked = Files.createDirectories(demoDir.resolve("templates"));
    for (String name : TEMPLATES) {
      try (InputStream in = DevDemo.class.getResourceAsStream("templates/" + name)) {
        if (in == null) {
          throw new IOException("the demo template " + name + " is neither in ./templates nor in the jar");
        }
        Files.writeString(unpacked.resolve(name), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return unpacked;
  }
}
