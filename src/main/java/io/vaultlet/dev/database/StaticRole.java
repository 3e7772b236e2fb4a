package io.vaultlet.dev.database;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code database/static-roles/<name>}: an existing database user whose password Vault rotates. */
record StaticRole(String name, String dbName, String username, Duration rotationPeriod, List<String> rotationStatements) {

  /** Vault's minimum rotation period. */
  static final Duration MIN_ROTATION_PERIOD = Duration.ofSeconds(5);

  StaticRole {
    rotationStatements = List.copyOf(rotationStatements);
  }

  Map<String, Object> toResponse() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("db_name", dbName);
    out.put("rotation_period", rotationPeriod.toSeconds());
    out.put("rotation_statements", rotationStatements);
    out.put("username", username);
    return out;
  }
}
