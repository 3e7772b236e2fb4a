package io.vaultlet.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The identity store's basics (§3): entities by id and by name, an entity alias that a login then resolves to, and
 * groups whose policies become a member's identity policies.
 */
class IdentityContractTest extends ContractScenario {

  private static List<String> texts(JsonNode array) {
    return Wire.JSON.convertValue(array, Wire.JSON.getTypeFactory().constructCollectionType(List.class,
        String.class));
  }

  private static String accessorOf(String authMount) {
    return wire.get("sys/auth").data().get(authMount + "/").get("accessor").asText();
  }

  @Test
  void anEntityIsCreatedReadUpdatedListedAndDeleted() {
    String name = unique("entity");

    Wire.Response created = wire.expect(200, "POST", "identity/entity", Map.of("name", name,
        "policies", List.of("Reader"), "metadata", Map.of("team", "payments")));
    String id = created.data().get("id").asText();
    Wire.Response byId = wire.get("identity/entity/id/" + id);
    Wire.Response byName = wire.get("identity/entity/name/" + name);
    Wire.Response updated = wire.send("POST", "identity/entity/id/" + id, Map.of("policies", List.of("writer")));
    Wire.Response listById = wire.get("identity/entity/id?list=true");
    Wire.Response listByName = wire.get("identity/entity/name?list=true");

    Envelope.assertEnvelope(created.json(), "identity");
    assertThat(created.data().get("name").asText()).isEqualTo(name);
    assertThat(id).matches("[0-9a-f-]{36}");
    JsonNode d = byId.data();
    assertThat(d.get("name").asText()).isEqualTo(name);
    assertThat(texts(d.get("policies"))).containsExactly("reader");
    assertThat(d.get("metadata").get("team").asText()).isEqualTo("payments");
    assertThat(d.get("disabled").asBoolean()).isFalse();
    assertThat(d.get("aliases")).isEmpty();
    assertThat(byName.data().get("id").asText()).isEqualTo(id);
    assertThat(updated.status()).isEqualTo(204);
    assertThat(texts(wire.get("identity/entity/id/" + id).data().get("policies"))).containsExactly("writer");
    assertThat(texts(listById.data().get("keys"))).contains(id);
    assertThat(listById.data().get("key_info").get(id).get("name").asText()).isEqualTo(name);
    assertThat(texts(listByName.data().get("keys"))).contains(name);
    assertThat(wire.delete("identity/entity/name/" + name).status()).isEqualTo(204);
    Envelope.assertErrors(wire.get("identity/entity/id/" + id), 404);
  }

  @Test
  void writingAnEntityByNameUpsertsAndNamesAreUnique() {
    String name = unique("entity");
    String other = unique("entity");

    Wire.Response first = wire.send("POST", "identity/entity/name/" + name, Map.of("policies", "a"));
    Wire.Response second = wire.send("POST", "identity/entity/name/" + name, Map.of("policies", "b"));
    String otherId = wire.ok("POST", "identity/entity", Map.of("name", other)).data().get("id").asText();

    assertThat(first.status()).isEqualTo(200);
    assertThat(second.status()).isEqualTo(204);
    assertThat(texts(wire.get("identity/entity/name/" + name).data().get("policies"))).containsExactly("b");
    Envelope.assertErrors(wire.post("identity/entity/id/" + otherId, Map.of("name", name)), 400,
        "entity name is already in use");
    Envelope.assertErrors(wire.post("identity/entity", Map.of("policies", "root")), 400,
        "policies cannot contain root");
  }

  @Test
  void aLoginThroughAnAliasBelongsToItsEntity() {
    String userpass = unique("userpass");
    enableAuth(userpass, "userpass");
    wire.ok("POST", "auth/" + userpass + "/users/alice", Map.of("password", "pw-identity-1"));
    String entityId = wire.ok("POST", "identity/entity", Map.of("name", unique("alice"))).data().get("id").asText();

    Wire.Response alias = wire.expect(200, "POST", "identity/entity-alias", Map.of("name", "alice",
        "canonical_id", entityId, "mount_accessor", accessorOf(userpass)));
    Wire.Response login = Wire.to(target).post("auth/" + userpass + "/login/alice",
        Map.of("password", "pw-identity-1"));
    JsonNode entity = wire.get("identity/entity/id/" + entityId).data();

    assertThat(alias.data().get("canonical_id").asText()).isEqualTo(entityId);
    assertThat(login.auth().get("entity_id").asText()).isEqualTo(entityId);
    JsonNode a = entity.get("aliases").get(0);
    assertThat(a.get("id").asText()).isEqualTo(alias.data().get("id").asText());
    assertThat(a.get("name").asText()).isEqualTo("alice");
    assertThat(a.get("mount_type").asText()).isEqualTo("userpass");
    assertThat(a.get("mount_path").asText()).isEqualTo("auth/" + userpass + "/");
    assertThat(wire.get("identity/entity-alias/id/" + a.get("id").asText()).data().get("canonical_id").asText())
        .isEqualTo(entityId);
    Envelope.assertErrors(wire.post("identity/entity-alias", Map.of("name", "x",
        "mount_accessor", "auth_nope_00000000")), 400, "invalid mount accessor \"auth_nope_00000000\"");
  }

  @Test
  void aGroupsPoliciesApplyToItsMembersTokens() {
    String kv = unique("kv");
    enableSecrets(kv, "kv", Map.of());
    wire.ok("POST", kv + "/shared", Map.of("k", "v"));
    String policy = unique("group-reader");
    writePolicy(policy, "path \"" + kv + "/shared\" { capabilities = [\"read\"] }");
    String userpass = unique("userpass");
    enableAuth(userpass, "userpass");
    wire.ok("POST", "auth/" + userpass + "/users/bob", Map.of("password", "pw-identity-2"));
    String entityId = wire.ok("POST", "identity/entity", Map.of("name", unique("bob"))).data().get("id").asText();
    wire.ok("POST", "identity/entity-alias", Map.of("name", "bob", "canonical_id", entityId,
        "mount_accessor", accessorOf(userpass)));
    String groupName = unique("group");

    Wire.Response group = wire.expect(200, "POST", "identity/group", Map.of("name", groupName,
        "policies", List.of(policy), "member_entity_ids", List.of(entityId)));
    String groupId = group.data().get("id").asText();
    JsonNode read = wire.get("identity/group/name/" + groupName).data();
    Wire.Response login = Wire.to(target).post("auth/" + userpass + "/login/bob",
        Map.of("password", "pw-identity-2"));
    Wire member = wire.token(login.auth().get("client_token").asText());

    assertThat(read.get("id").asText()).isEqualTo(groupId);
    assertThat(read.get("type").asText()).isEqualTo("internal");
    assertThat(texts(read.get("member_entity_ids"))).containsExactly(entityId);
    assertThat(texts(wire.get("identity/entity/id/" + entityId).data().get("group_ids"))).containsExactly(groupId);
    assertThat(texts(login.auth().get("identity_policies"))).containsExactly(policy);
    assertThat(texts(login.auth().get("policies"))).contains(policy, "default");
    assertThat(member.get(kv + "/shared").status()).isEqualTo(200);
    assertThat(wire.delete("identity/group/id/" + groupId).status()).isEqualTo(204);
    Envelope.assertErrors(member.get(kv + "/shared"), 403, Envelope.multierror("permission denied"));
  }
}
