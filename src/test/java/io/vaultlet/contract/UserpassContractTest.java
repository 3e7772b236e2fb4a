package io.vaultlet.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code userpass} auth method (§4): users (the password is never read back), login with the user's token
 * settings, password and policy updates, and Vault's refusals.
 */
class UserpassContractTest extends ContractScenario {

  private String mount;

  @BeforeEach
  void enable() {
    mount = unique("userpass");
    enableAuth(mount, "userpass");
  }

  private static List<String> texts(JsonNode array) {
    return Wire.JSON.convertValue(array, Wire.JSON.getTypeFactory().constructCollectionType(List.class,
        String.class));
  }

  private Wire.Response login(String user, String password) {
    return Wire.to(target).post("auth/" + mount + "/login/" + user, Map.of("password", password));
  }

  @Test
  void aUserIsWrittenReadListedAndDeletedWithoutItsPassword() {
    Wire.Response written = wire.send("POST", "auth/" + mount + "/users/Alice", Map.of("password", "pw-userpass-1",
        "token_policies", "reader", "token_ttl", "1h", "token_max_ttl", "2h"));
    Wire.Response read = wire.get("auth/" + mount + "/users/alice");
    Wire.Response list = wire.get("auth/" + mount + "/users?list=true");

    assertThat(written.status()).isEqualTo(204);
    Envelope.assertEnvelope(read.json(), "userpass");
    assertThat(texts(read.data().get("token_policies"))).containsExactly("reader");
    assertThat(read.data().get("token_ttl").asLong()).isEqualTo(3600);
    assertThat(read.data().get("token_max_ttl").asLong()).isEqualTo(7200);
    assertThat(read.data().has("password")).isFalse();
    assertThat(read.body()).doesNotContain("pw-userpass-1");
    assertThat(texts(list.data().get("keys"))).containsExactly("alice");
    assertThat(wire.delete("auth/" + mount + "/users/alice").status()).isEqualTo(204);
    Envelope.assertErrors(wire.get("auth/" + mount + "/users/alice"), 404);
  }

  @Test
  void aLoginGetsTheUsersPoliciesTtlAndMetadata() {
    wire.ok("POST", "auth/" + mount + "/users/bob", Map.of("password", "pw-userpass-2", "token_policies",
        List.of("reader", "writer"), "token_ttl", "30m"));

    Wire.Response r = login("bob", "pw-userpass-2");

    assertThat(r.status()).isEqualTo(200);
    Envelope.assertEnvelope(r.json());
    JsonNode auth = r.auth();
    assertThat(texts(auth.get("policies"))).containsExactlyInAnyOrder("default", "reader", "writer");
    assertThat(auth.get("metadata").get("username").asText()).isEqualTo("bob");
    assertThat(auth.get("lease_duration").asLong()).isEqualTo(1800);
    assertThat(auth.get("orphan").asBoolean()).isTrue();
    assertThat(auth.get("renewable").asBoolean()).isTrue();
    JsonNode self = wire.token(auth.get("client_token").asText()).get("auth/token/lookup-self").data();
    assertThat(self.get("display_name").asText()).isEqualTo(mount + "-bob");
    assertThat(self.get("path").asText()).isEqualTo("auth/" + mount + "/login/bob");
  }

  @Test
  void wrongPasswordsAndUnknownUsersAreRefusedAlike() {
    wire.ok("POST", "auth/" + mount + "/users/carol", Map.of("password", "pw-userpass-3"));

    Envelope.assertErrors(login("carol", "not-the-password"), 400, "invalid username or password");
    Envelope.assertErrors(login("nobody", "pw-userpass-3"), 400, "invalid username or password");
    // Vault: "missing password"; OpenBao: "must provide either password or password_hash"
    Wire.Response noPassword = wire.post("auth/" + mount + "/users/dave", Map.of("token_policies", "x"));
    assertThat(noPassword.status()).isEqualTo(400);
    assertThat(noPassword.errors()).isNotEmpty();
  }

  @Test
  void thePasswordAndThePoliciesCanBeChangedAlone() {
    wire.ok("POST", "auth/" + mount + "/users/erin", Map.of("password", "pw-userpass-old", "token_policies", "one"));

    Wire.Response password = wire.send("POST", "auth/" + mount + "/users/erin/password",
        Map.of("password", "pw-userpass-new"));
    Wire.Response policies = wire.send("POST", "auth/" + mount + "/users/erin/policies",
        Map.of("token_policies", "two"));

    assertThat(password.status()).isEqualTo(204);
    assertThat(policies.status()).isEqualTo(204);
    Envelope.assertErrors(login("erin", "pw-userpass-old"), 400, "invalid username or password");
    Wire.Response r = login("erin", "pw-userpass-new");
    assertThat(r.status()).isEqualTo(200);
    assertThat(texts(r.auth().get("policies"))).containsExactlyInAnyOrder("default", "two");
  }
}
