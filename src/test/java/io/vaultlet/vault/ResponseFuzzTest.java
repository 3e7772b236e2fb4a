package io.vaultlet.vault;

import io.vaultlet.template.GoJson;
import io.vaultlet.template.Secret;
import io.vaultlet.testing.Fuzz;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the decoding of Vault's answers as the agent does it: the envelope ({@code Responses.interpret} and every
 * accessor of {@link VaultResponse}), then the template side ({@link GoJson#parse}, {@link Secret#fromResponse}). For
 * any body and status the only failure is a {@link VaultException} (an error answer, or a body that is not JSON) or an
 * {@code IOException} from the template side's JSON reader, in bounded time and on a 512 KiB stack. See {@link Fuzz}.
 */
class ResponseFuzzTest {

  private static final List<String> SEEDS = List.of(
      "{\"request_id\":\"r\",\"lease_id\":\"\",\"renewable\":false,\"lease_duration\":0,\"data\":{\"data\":"
          + "{\"password\":\"p\",\"n\":1.10},\"metadata\":{\"version\":3,\"deletion_time\":\"\",\"destroyed\":false}},"
          + "\"wrap_info\":null,\"warnings\":null,\"auth\":null,\"mount_type\":\"kv\"}",
      "{\"lease_id\":\"database/creds/app/abc\",\"renewable\":true,\"lease_duration\":3600,\"data\":"
          + "{\"username\":\"u\",\"password\":\"p\"}}",
      "{\"auth\":{\"client_token\":\"hvs.x\",\"accessor\":\"a\",\"policies\":[\"default\"],\"token_policies\":"
          + "[\"default\"],\"metadata\":{\"role\":\"r\"},\"lease_duration\":60,\"renewable\":true}}",
      "{\"wrap_info\":{\"token\":\"hvs.w\",\"accessor\":\"a\",\"ttl\":60,\"creation_time\":\"2026-01-01T00:00:00Z\","
          + "\"creation_path\":\"sys/wrapping/wrap\"}}",
      "{\"errors\":[\"permission denied\"]}",
      "{\"data\":{\"keys\":[\"a\",\"b/\"]},\"warnings\":[\"w\"]}",
      "{\"data\":{\"certificate\":\"-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\","
          + "\"ca_chain\":[\"x\"],\"expiration\":1700000000,\"serial_number\":\"01:02\"}}");

  private static final List<String> WORDS = List.of("{", "}", "[", "]", "\"", ":", ",", "null", "true", "1e999",
      "-0", "1.10", "\"data\":", "\"auth\":", "\"wrap_info\":", "\"lease_duration\":", "\"warnings\":", "\\u0000",
      "\\ud800", "[[[[", "{\"a\":", "\"errors\":[", "é", "123456789012345678901234567890");

  private static final int[] STATUSES = {200, 200, 200, 204, 404, 400, 403, 412, 429, 500, 503, 307};

  @Test
  void responsesDecodeOrFailWithTheDocumentedErrors() throws Exception {
    VaultRequest request = VaultRequest.get("secret/data/app").build();
    URI uri = URI.create("http://127.0.0.1:8200/v1/secret/data/app");
    HttpHeaders headers = HttpHeaders.of(Map.of("Content-Type", List.of("application/json")), (a, b) -> true);
    new Fuzz("response", SEEDS, WORDS).run(input -> {
      int status = STATUSES[Math.floorMod(input.hashCode(), STATUSES.length)];
      byte[] body = input.getBytes(StandardCharsets.UTF_8);
      Responses.interpret(request, new Transport.Raw(status, headers, body, uri)).ifPresent(r -> {
        r.requestId();
        r.leaseId();
        r.leaseDuration();
        r.renewable();
        r.data();
        r.hasData();
        r.warnings();
        r.mountType();
        r.auth();
        r.wrapInfo();
        r.isKvV2Deleted(Instant.EPOCH);
        r.toString();
        try {
          Object o = GoJson.parse(r.body().toString(), GoJson.Numbers.INTEGERS_AS_LONG);
          if (o instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) m;
            Secret.fromResponse(map);
          }
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    }, e -> e instanceof VaultException || e instanceof java.io.UncheckedIOException);
  }
}
