package io.vaultlet.rotation.awskey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultlet.support.Redactor;
import io.vaultlet.vault.VaultClient;
import io.vaultlet.vault.VaultException;
import io.vaultlet.vault.VaultResponse;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The KV v2 secret that holds the key pair: its current version (data and the rotation state in its
 * {@code custom_metadata}), a new version with another key pair (check-and-set on the version read, so a concurrent
 * writer is never overwritten), and the state. Other fields of the secret and other custom metadata keys are kept.
 */
final class KeyPairSecret {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String path;
  private final String accessKeyField;
  private final String secretKeyField;
  private volatile VaultClient.KvV2Paths paths;

  /** One read of the secret. {@code accessKeyId}/{@code secretKey} are empty when the fields are missing. */
  record Snapshot(int version, Instant versionCreated, Map<String, Object> data, String accessKeyId,
      String secretKey, Map<String, String> customMetadata) {
    RotationState state() {
      return RotationState.from(customMetadata);
    }

    @Override
    public String toString() {
      return "Snapshot{version=" + version + ", access_key=" + accessKeyId + ", state=" + state() + "}";
    }
  }

  KeyPairSecret(String path, String accessKeyField, String secretKeyField) {
    this.path = path;
    this.accessKeyField = accessKeyField;
    this.secretKeyField = secretKeyField;
  }

  String path() {
    return path;
  }

  /** The current version. */
  Snapshot read(VaultClient client) {
    VaultClient.KvV2Paths p = paths(client);
    Optional<VaultResponse> r;
    try {
      r = client.read(p.data());
    } catch (VaultException e) {
      throw new RotationException("cannot read " + path + ": " + describe(e), e);
    }
    if (r.isEmpty() || r.get().status() == 404 || r.get().data().path("data").isNull()
        || r.get().data().path("data").isMissingNode()) {
      throw new RotationException("the KV secret " + path + " does not exist (or its latest version is deleted):"
          + " write the IAM user's current key pair into it first (fields " + accessKeyField + ", " + secretKeyField
          + ")");
    }
    JsonNode d = r.get().data();
    Map<String, Object> data = JSON.convertValue(d.path("data"), JSON.getTypeFactory()
        .constructMapType(LinkedHashMap.class, String.class, Object.class));
    String id = d.path("data").path(accessKeyField).asText("");
    String secret = d.path("data").path(secretKeyField).asText("");
    Redactor.register(secret);
    Redactor.declarePublic(id);
    JsonNode meta = d.path("metadata");
    Map<String, String> custom = new LinkedHashMap<>();
    meta.path("custom_metadata").fields().forEachRemaining(e -> {
      if (!e.getValue().isNull()) {
        custom.put(e.getKey(), e.getValue().asText());
      }
    });
    return new Snapshot(meta.path("version").asInt(0), instant(meta.path("created_time").asText("")), data, id,
        secret, custom);
  }

  /** Records {@code state} in the secret's custom metadata; the snapshot as it now is. */
  Snapshot writeState(VaultClient client, Snapshot base, RotationState state) {
    Map<String, String> custom = state.mergeInto(base.customMetadata());
    try {
      client.write(paths(client).metadata(), Map.of("custom_metadata", custom));
    } catch (VaultException e) {
      throw new RotationException("cannot record the rotation state (" + state.phase().label() + ") in the custom"
          + " metadata of " + path + ": " + describe(e), e);
    }
    return new Snapshot(base.version(), base.versionCreated(), base.data(), base.accessKeyId(), base.secretKey(),
        custom);
  }

  /**
   * Writes a new version with {@code accessKeyId}/{@code secretKey} in place of the old pair (every other field kept),
   * only if the secret is still at {@code base}'s version.
   */
  Snapshot publish(VaultClient client, Snapshot base, String accessKeyId, String secretKey, Instant now) {
    Map<String, Object> data = new LinkedHashMap<>(base.data());
    data.put(accessKeyField, accessKeyId);
    data.put(secretKeyField, secretKey);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("data", data);
    body.put("options", Map.of("cas", base.version()));
    int version;
    Instant created = now;
    try {
      Optional<VaultResponse> r = client.write(paths(client).data(), body);
      version = r.map(x -> x.data().path("version").asInt(base.version() + 1)).orElse(base.version() + 1);
      created = r.map(x -> instant(x.data().path("created_time").asText(""))).filter(i -> !i.equals(Instant.EPOCH))
          .orElse(now);
    } catch (VaultException e) {
      throw new RotationException("cannot write the new key pair to " + path + ": " + describe(e), e);
    }
    return new Snapshot(version, created, data, accessKeyId, secretKey, base.customMetadata());
  }

  private VaultClient.KvV2Paths paths(VaultClient client) {
    VaultClient.KvV2Paths p = paths;
    if (p == null) {
      p = client.kvV2Paths(path).orElseThrow(() -> new RotationException(path + " is not on a KV v2 mount (or the"
          + " token cannot see the mount): aws_access_key keeps its state in KV v2 custom metadata"));
      paths = p;
    }
    return p;
  }

  private static Instant instant(String s) {
    try {
      return s.isEmpty() ? Instant.EPOCH : Instant.parse(s);
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }

  static String describe(VaultException e) {
    String errors = String.join("; ", e.errors());
    return Redactor.redact(e.status() > 0 ? e.status() + " " + errors : String.valueOf(e.getMessage()));
  }
}
