package io.vaultlet.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Assertions on Vault's standard response envelope (contract §1.5) and error body (§1.6). */
final class Envelope {

  /** Go marshals the envelope keys in this order, with explicit nulls. */
  static final List<String> KEYS = List.of("request_id", "lease_id", "renewable", "lease_duration", "data",
      "wrap_info", "warnings", "auth");

  private Envelope() {}

  /**
   * The body is the envelope: the eight keys in Go's order, then {@code mount_type} (missing on servers before about
   * 1.14, which clients must tolerate) and, on some {@code sys/} routes, {@code data}'s keys repeated at the top.
   */
  static JsonNode assertEnvelope(JsonNode body) {
    List<String> keys = new ArrayList<>();
    body.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).as("envelope keys").startsWith(KEYS.toArray(String[]::new));
    assertThat(body.get("request_id").isTextual()).as("request_id is a string").isTrue();
    assertThat(body.get("lease_id").isTextual()).as("lease_id is a string").isTrue();
    assertThat(body.get("renewable").isBoolean()).as("renewable is a bool").isTrue();
    assertThat(body.get("lease_duration").isIntegralNumber()).as("lease_duration is an int").isTrue();
    if (body.has("mount_type")) {
      assertThat(keys.get(KEYS.size())).as("mount_type follows auth").isEqualTo("mount_type");
    }
    return body;
  }

  /** The envelope, served by a mount of this type (when the server reports {@code mount_type} at all). */
  static JsonNode assertEnvelope(JsonNode body, String mountType) {
    assertEnvelope(body);
    if (body.has("mount_type")) {
      assertThat(body.get("mount_type").asText()).as("mount_type").isEqualTo(mountType);
    }
    return body;
  }

  /** A response with no secret: no lease, not renewable. */
  static void assertNoLease(JsonNode body) {
    assertThat(body.get("lease_id").asText()).as("lease_id").isEmpty();
    assertThat(body.get("renewable").asBoolean()).as("renewable").isFalse();
    assertThat(body.get("lease_duration").asLong()).as("lease_duration").isZero();
  }

  /** Exactly {@code {"errors":[...]}} with these messages. */
  static void assertErrors(Wire.Response r, int status, String... messages) {
    assertThat(r.status()).as("status (errors %s)", r.errors()).isEqualTo(status);
    List<String> keys = new ArrayList<>();
    r.json().fieldNames().forEachRemaining(keys::add);
    assertThat(keys).as("error body keys").containsExactly("errors");
    assertThat(r.errors()).containsExactly(messages);
  }

  /** The go-multierror form Vault's core uses for 403/404/405 (§1.6). */
  static String multierror(String... errors) {
    StringBuilder b = new StringBuilder(errors.length == 1 ? "1 error occurred:\n" : errors.length + " errors occurred:\n");
    for (String e : errors) {
      b.append("\t* ").append(e).append('\n');
    }
    return b.append('\n').toString();
  }
}
