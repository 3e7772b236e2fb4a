package io.vaultlet;

import static io.vaultlet.AgentProcesses.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.testing.AgentProcess;
import io.vaultlet.testing.VaultHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lease timing and token hand-over observed on a real agent process (docs/e2e-coverage.md). The agent schedules on
 * its own clock, so the emulator runs in real time as Vault does (its clock could only make leases die earlier than
 * the agent was told); the leases are seconds long and every assertion reads what the emulator saw — when each request
 * arrived by its clock, and which it accepted — never how long the test slept. The exact fractions are proven on a
 * manual clock ({@code LeaseTimingTest}, {@code LeaseWatcherTest}, {@code AgentTokenHandOverTest}); here the bounds
 * that load cannot fake are checked: nothing early, nothing refused as expired, the new credential before the old
 * one's end.
 */
class AgentLeaseProcessTest {

  private static final Duration SOON = Duration.ofSeconds(60);

  @TempDir Path dir;

  private DevServer vault;
  private VaultHttp http;
  private final List<Seen> seen = new CopyOnWriteArrayList<>();

  /** A request as the emulator received it, stamped with the emulator's clock. */
  record Seen(Instant at, String method, String path, String body) {}

  @BeforeEach
  void start() throws Exception {
    vault = DevServer.start(DevOptions.builder().noPostgres(true).build());
    http = new VaultHttp(vault.address(), vault.rootToken());
    vault.onRequest(r -> seen.add(new Seen(vault.clock().instant(), r.method(), r.path(), r.text())));
    http.write("sys/mounts/aws", Map.of("type", "aws"));
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  private List<Seen> requests(String path) {
    return seen.stream().filter(s -> s.path().equals(path)).toList();
  }

  private static String q(Object path) {
    return "\"" + path + "\"";
  }

  private static String template(String contents, Path destination) {
    return "template {\n  contents = \"" + contents + "\"\n  destination = " + q(destination) + "\n}\n";
  }

  /**
   * A renewable lease of 10s (max 24s) and a non-renewable STS credential of 10s, the agent's token the root token
   * (no hand-over). Vault's lifetime-watcher rule: renew after ⅔ of what is left (plus a third of a 10–20 % grace),
   * never late, and fetch a new credential once a renewal is capped near the max TTL — while the old one still works.
   * Non-renewable: fetch again at {@code lease_renewal_threshold} (0.9 ± 0.05) of the lease.
   */
  @Test
  void renewableLeasesAreRenewedBeforeTheyExpireAndNonRenewableOnesAreFetchedAgainAtTheThreshold() throws Exception {
    http.write("aws/config/lease", Map.of("lease", "10s", "lease_max", "24s"));
    http.write("aws/roles/user", Map.of("credential_type", "iam_user"));
    http.write("aws/roles/fed", Map.of("credential_type", "federation_token", "default_sts_ttl", "10s"));
    Path user = dir.resolve("user.txt");
    Path sts = dir.resolve("sts.txt");
    Path config = dir.resolve("agent.hcl");
    Files.writeString(config, AgentProcesses.vaultAndAuth(vault, dir)
        + template("{{ with secret \\\"aws/creds/user\\\" }}{{ .Data.access_key }}{{ end }}", user)
        + template("{{ with secret \\\"aws/sts/fed\\\" }}{{ .Data.access_key }}{{ end }}", sts));

    try (AgentProcess agent = AgentProcess.start(config, dir.resolve("agent.log"))) {
      agent.await("first render", SOON, () -> read(user).startsWith("AKIA") && read(sts).startsWith("ASIA"));
      String firstKey = read(user);
      agent.await("a new credential once the lease nears its 24s max TTL", SOON,
          () -> !read(user).equals(firstKey) && read(user).startsWith("AKIA"));
      agent.await("a third STS credential", SOON, () -> requests("aws/sts/fed").size() >= 3);

      List<Seen> fetches = requests("aws/creds/user");
      assertThat(fetches).as("one fetch, then renewals, then one fetch at the max TTL").hasSizeGreaterThanOrEqualTo(2);
      Instant issued = fetches.get(0).at();
      Instant refetched = fetches.get(1).at();
      List<Instant> renewals = requests("sys/leases/renew").stream()
          .filter(r -> r.body().contains("aws/creds/user/") && r.at().isBefore(refetched)).map(Seen::at).toList();
      assertThat(renewals).as("renewed, not fetched again, while renewal extends the lease")
          .hasSizeGreaterThanOrEqualTo(2);
      System.out.printf("fetched at 0, renewed at %s, fetched again at %s; STS fetches at %s%n",
          since(issued, renewals), since(issued, List.of(refetched)),
          since(issued, requests("aws/sts/fed").stream().map(Seen::at).toList()));
      Instant previous = issued;
      for (Instant r : renewals) {
        // ⅔ of what the last grant left (10s, or up to the 24s max); grants are whole seconds, hence the 1s
        long left = Math.min(10_000, Duration.between(previous, issued.plusSeconds(24)).toMillis());
        assertThat(Duration.between(previous, r)).as("renewal %s not before ⅔ of the lease", r)
            .isGreaterThanOrEqualTo(Duration.ofMillis(left * 2 / 3 - 1000));
        previous = r;
      }
      assertThat(agent.log()).as("every renewal reached the lease alive").doesNotContain("lease renewal failed")
          .contains("lease can no longer be extended");
      assertThat(refetched).as("the new credential while the old lease still lives")
          .isAfter(renewals.get(renewals.size() - 1)).isBefore(issued.plusSeconds(24));

      List<Seen> stsFetches = requests("aws/sts/fed");
      for (int i = 1; i < stsFetches.size(); i++) {
        assertThat(Duration.between(stsFetches.get(i - 1).at(), stsFetches.get(i).at()))
            .as("a non-renewable 10s lease fetched again at 85–95 % of it (less the request's latency, plus load)")
            .isBetween(Duration.ofMillis(8_300), Duration.ofSeconds(12));
      }
      assertThat(requests("sys/leases/renew")).as("non-renewable leases are never renewed")
          .noneMatch(r -> r.body().contains("aws/sts/fed/"));
      assertThat(agent.stop()).isZero();
    }
  }

  /**
   * AppRole tokens of 20s that cannot be renewed past it: the agent logs in again before the token dies. The
   * credential leased with the old token (rendered by a handlebars template) dies with that token, so it is fetched
   * again with the new token before the old one's end; the certificate, which has no lease, is not issued again.
   */
  @Test
  void aNewTokenFetchesTheOldTokensLeasesAgainBeforeItDiesAndKeepsTheCertificate() throws Exception {
    http.write("aws/config/lease", Map.of("lease", "1h", "lease_max", "24h"));
    http.write("aws/roles/user", Map.of("credential_type", "iam_user"));
    http.write("sys/mounts/pki", Map.of("type", "pki", "config", Map.of("max_lease_ttl", "87600h")));
    http.write("pki/root/generate/internal", Map.of("common_name", "Dev Root", "ttl", "8760h", "key_type", "ec"));
    http.write("pki/roles/svc", Map.of("allowed_domains", "svc.test", "allow_subdomains", true, "max_ttl", "72h"));
    http.write("sys/policies/acl/app", Map.of("policy",
        "path \"*\" { capabilities = [\"create\", \"read\", \"update\", \"delete\", \"list\"] }"));
    http.write("sys/auth/approle", Map.of("type", "approle"));
    http.write("auth/approle/role/app", Map.of("token_ttl", "20s", "token_max_ttl", "20s", "token_policies", "app"));
    Files.writeString(dir.resolve("role-id"), http.get("auth/approle/role/app/role-id").string("role_id"));
    Files.writeString(dir.resolve("secret-id"),
        http.write("auth/approle/role/app/secret-id", Map.of()).string("secret_id"));
    Path source = dir.resolve("creds.hbs");
    Files.writeString(source, "{{#with (secret \"aws/creds/user\")}}key={{Data.access_key}}{{/with}}\n");
    Path creds = dir.resolve("creds.txt");
    Path cert = dir.resolve("cert.pem");
    Path sink = dir.resolve("sink");
    Path config = dir.resolve("agent.hcl");
    Files.writeString(config, "vault { address = " + q(vault.address()) + " }\n"
        + "auto_auth {\n  method \"approle\" {\n    config = {\n      role_id_file_path = " + q(dir.resolve("role-id"))
        + "\n      secret_id_file_path = " + q(dir.resolve("secret-id"))
        + "\n      remove_secret_id_file_after_reading = false\n    }\n  }\n"
        + "  sink \"file\" {\n    config = { path = " + q(sink) + " }\n  }\n}\n"
        + "template {\n  source = " + q(source) + "\n  destination = " + q(creds) + "\n}\n"
        + template("{{ with secret \\\"pki/issue/svc\\\" \\\"common_name=a.svc.test\\\" \\\"ttl=1h\\\" }}"
            + "{{ .Data.certificate }}\\n{{ .Data.private_key }}{{ end }}", cert));

    try (AgentProcess agent = AgentProcess.start(config, dir.resolve("agent.log"))) {
      agent.await("first render", SOON, () -> read(creds).startsWith("key=AKIA") && read(cert).contains("PRIVATE KEY"));
      String firstCreds = read(creds);
      String firstCert = read(cert);
      String oldToken = read(sink);
      Instant oldExpiry = Instant.parse(String.valueOf(
          http.post("auth/token/lookup", Map.of("token", oldToken)).data().get("expire_time")));

      agent.await("a login with a new token", SOON, () -> requests("auth/approle/login").size() >= 2);
      Instant login = requests("auth/approle/login").get(0).at();
      Instant relogin = requests("auth/approle/login").get(1).at();
      assertThat(relogin).as("the new token before the old one dies").isBefore(oldExpiry);
      agent.await("the old token's credential fetched again", SOON, () -> requests("aws/creds/user").size() >= 2);
      Instant refetched = requests("aws/creds/user").get(1).at();
      System.out.printf("first login at 0, new login at %s, re-fetched at %s, old token's end at %s%n",
          since(login, List.of(relogin)), since(login, List.of(refetched)), since(login, List.of(oldExpiry)));
      assertThat(refetched).as("fetched again after the new login and before the old token's end")
          .isAfter(relogin).isBefore(oldExpiry);
      agent.await("the new credential rendered", SOON,
          () -> read(creds).startsWith("key=AKIA") && !read(creds).equals(firstCreds));

      agent.await("the old token gone, and its lease with it", SOON,
          () -> http.post("auth/token/lookup", Map.of("token", oldToken)).status() != 200);
      agent.await("only the lease of the new token left", SOON,
          () -> leases("aws/creds/user/").size() == 1);
      assertThat(requests("aws/creds/user")).as("one re-fetch for the hand-over").hasSize(2);
      assertThat(requests("pki/issue/svc")).as("a valid certificate is not issued again").hasSize(1);
      assertThat(cert).hasContent(firstCert);
      assertThat(agent.log()).doesNotContain(oldToken).doesNotContain(read(sink));
      assertThat(agent.stop()).isZero();
    }
  }

  /** Offsets from {@code start} in seconds, for the test's output: what the emulator saw when. */
  private static List<String> since(Instant start, List<Instant> times) {
    return times.stream().map(t -> String.format("+%.1fs", Duration.between(start, t).toMillis() / 1000.0)).toList();
  }

  private List<?> leases(String prefix) {
    Map<String, Object> data = http.list("sys/leases/lookup/" + prefix).data();
    return data != null && data.get("keys") instanceof List<?> l ? l : List.of();
  }
}
