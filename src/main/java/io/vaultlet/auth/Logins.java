package io.vaultlet.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultlet.vault.VaultClient;
import io.vaultlet.vault.VaultRequest;
import io.vaultlet.vault.VaultResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Sends one login as Vault Agent's handler does (vault-agent.md §2.1 step 3): PUT, no token, optional wrap TTL. */
final class Logins {

  /** Made for the first wrapped login: other logins never load databind for it. */
  private static final class Mapper {
    static final ObjectMapper JSON = new ObjectMapper();
  }

  private Logins() {}

  static LoginOutcome perform(AuthMethod method, VaultClient client, Duration wrapTtl, Instant now) {
    VaultClient c = method.loginClient(client).withMaxRetries(0);
    LoginRequest req = method.loginRequest(c);
    if (method instanceof TokenFileMethod tf) {
      return new LoginOutcome(lookup(c, tf.currentToken(), now), null);
    }
    VaultRequest.Builder b = VaultRequest.put(req.path()).withoutToken().body(req.body());
    req.headers().forEach(b::header);
    if (wrapTtl != null && !wrapTtl.isZero()) {
      b.wrapTtl(wrapTtl);
    }
    Optional<VaultResponse> response = c.send(b.build());
    if (response.isEmpty()) {
      throw new AuthException("login to " + req.path() + " returned no response body");
    }
    VaultResponse r = response.get();
    if (wrapTtl != null && !wrapTtl.isZero()) {
      VaultResponse.WrapInfo w = r.wrapInfo()
          .orElseThrow(() -> new AuthException("login to " + req.path() + " returned nil wrap info"));
      if (w.token().isEmpty()) {
        throw new AuthException("login to " + req.path() + " returned an empty wrapping token");
      }
      return new LoginOutcome(null, wrapInfoJson(w));
    }
    VaultResponse.Auth a = r.auth()
        .orElseThrow(() -> new AuthException("login to " + req.path() + " returned nil auth info"));
    if (a.clientToken().isEmpty()) {
      throw new AuthException("login to " + req.path() + " returned an empty client token");
    }
    return new LoginOutcome(AuthToken.of(a.clientToken(), a.accessor(), a.policies(), a.renewable(), now,
        Duration.ofSeconds(a.leaseDuration())), null);
  }

  /** {@code token_file}: no login; look the token up and take its TTL and renewability from Vault. */
  static AuthToken lookup(VaultClient c, String token, Instant now) {
    VaultResponse r = c.withToken(token).lookupSelf();
    JsonNode d = r.data();
    List<String> policies = new ArrayList<>();
    d.path("policies").forEach(p -> policies.add(p.asText()));
    return AuthToken.of(token, d.path("accessor").asText(""), policies, d.path("renewable").asBoolean(false), now,
        Duration.ofSeconds(d.path("ttl").asLong(0)));
  }

  /** Vault's {@code SecretWrapInfo} JSON, as the sink receives it (vault-agent.md §2.4). */
  static String wrapInfoJson(VaultResponse.WrapInfo w) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("token", w.token());
    m.put("accessor", w.accessor());
    m.put("ttl", w.ttl());
    m.put("creation_time", w.creationTime());
    m.put("creation_path", w.creationPath());
    if (!w.wrappedAccessor().isEmpty()) {
      m.put("wrapped_accessor", w.wrappedAccessor());
    }
    try {
      return Mapper.JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode wrap info", e);
    }
  }
}
