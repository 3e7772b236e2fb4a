package io.vaultlet.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RoutesTest {

  private final Map<String, Map<String, Object>> entries = new TreeMap<>();

  private DevResponse entry(Operation op, Map<String, Object> data) {
    return Routes.entry(request(op, data), "app", entries::get, (name, req) -> entries.put(name, req.data()),
        entries::remove);
  }

  private static DevRequest request(Operation op, Map<String, Object> data) {
    return new DevRequest(op, "POST", "roles/app", "engine/", data, Map.of(), List.of(), null, "127.0.0.1",
        Instant.EPOCH);
  }

  @Test
  void entryPathWritesReadsAndDeletesByName() {
    assertThat(entry(Operation.READ, Map.of())).isNull();
    entry(Operation.CREATE, Map.of("ttl", "1h"));
    assertThat(entries).containsEntry("app", Map.of("ttl", "1h"));
    assertThat(entry(Operation.READ, Map.of())).isNotNull();
    entry(Operation.DELETE, Map.of());
    assertThat(entries).isEmpty();
  }

  @Test
  void otherOperationsAreUnsupported() {
    assertThatThrownBy(() -> entry(Operation.PATCH, Map.of())).isInstanceOfSatisfying(DevException.class,
        e -> assertThat(e.status()).isEqualTo(405));
    assertThatThrownBy(() -> Routes.only(request(Operation.READ, Map.of()), Operation.LIST))
        .isInstanceOf(DevException.class);
    Routes.only(request(Operation.UPDATE, Map.of()), Operation.READ, Operation.UPDATE);
    assertThatThrownBy(() -> Routes.writesOnly(request(Operation.READ, Map.of()))).isInstanceOf(DevException.class);
  }
}
