package io.vaultlet.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** JWT login against keys configured with {@code jwt_validation_pubkeys} (contract §4, §4.3, §14.1). */
class JwtContractTest extends ContractScenario {

  private static KeyPair issuer;
  private static KeyPair stranger;
  private String jwt;
  private String policy;

  @BeforeAll
  static void keys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    issuer = g.generateKeyPair();
    stranger = g.generateKeyPair();
  }

  @BeforeEach
  void enableWithRole() throws Exception {
    jwt = unique("jwt");
    enableAuth(jwt, "jwt");
    StringWriter pem = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
      w.writeObject(issuer.getPublic());
    }
    wire.ok("POST", "auth/" + jwt + "/config", Map.of("jwt_validation_pubkeys", List.of(pem.toString())));
    policy = unique("ci");
    wire.ok("POST", "auth/" + jwt + "/role/ci", Map.of("role_type", "jwt", "user_claim", "sub",
        "bound_audiences", List.of("vaultlet"), "claim_mappings", Map.of("repo", "repository"),
        "token_policies", List.of(policy), "token_ttl", "1h"));
  }

  static String sign(PrivateKey key, Map<String, Object> claims) throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString(Wire.JSON.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT")));
    String payload = b64.encodeToString(Wire.JSON.writeValueAsBytes(claims));
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initSign(key);
    s.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
    return header + "." + payload + "." + b64.encodeToString(s.sign());
  }

  private static Map<String, Object> claims() {
    long now = Instant.now().getEpochSecond();
    return Map.of("sub", "build-42", "aud", "vaultlet", "repo", "acme/app", "iat", now, "nbf", now - 5,
        "exp", now + 600);
  }

  private Wire.Response login(Map<String, Object> body) {
    return Wire.to(target).post("auth/" + jwt + "/login", body);
  }

  @Test
  void aValidJwtLogsInWithTheRolesPoliciesAndMappedClaims() throws Exception {
    Wire.Response r = login(Map.of("role", "ci", "jwt", sign(issuer.getPrivate(), claims())));

    assertThat(r.status()).as("errors %s", r.errors()).isEqualTo(200);
    Envelope.assertEnvelope(r.json());
    Envelope.assertNoLease(r.json());
    JsonNode auth = r.auth();
    assertThat(auth.get("policies")).extracting(JsonNode::asText).containsExactlyInAnyOrder("default", policy);
    assertThat(auth.get("metadata").get("role").asText()).isEqualTo("ci");
    assertThat(auth.get("metadata").get("repository").asText()).isEqualTo("acme/app");
    assertThat(auth.get("lease_duration").asLong()).isEqualTo(3600);
    assertThat(auth.get("orphan").asBoolean()).isTrue();
    assertThat(auth.get("renewable").asBoolean()).isTrue();
  }

  @Test
  void aRoleTtlAboveTheMountMaxIsCappedAtLoginWithAWarning() throws Exception {
    wire.ok("POST", "sys/auth/" + jwt + "/tune", Map.of("max_lease_ttl", "30m"));

    Wire.Response r = login(Map.of("role", "ci", "jwt", sign(issuer.getPrivate(), claims())));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.auth().get("lease_duration").asLong()).isEqualTo(1800);
    assertThat(r.json().get("warnings")).extracting(JsonNode::asText).containsExactly(
        "TTL of \"1h\" exceeded the effective max_ttl of \"30m\"; TTL value is capped accordingly");
  }

  @Test
  void aJwtSignedByAnotherKeyIsRefused() throws Exception {
    Wire.Response r = login(Map.of("role", "ci", "jwt", sign(stranger.getPrivate(), claims())));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errors()).singleElement().asString().startsWith("error validating token: ");
  }

  @Test
  void unknownAndMissingRolesAreBadRequests() throws Exception {
    String token = sign(issuer.getPrivate(), claims());

    Envelope.assertErrors(login(Map.of("role", "nope", "jwt", token)), 400, "role \"nope\" could not be found");
    Envelope.assertErrors(login(Map.of("jwt", token)), 400, "missing role");
    Envelope.assertErrors(login(Map.of("role", "ci")), 400, "missing token");
  }
}
