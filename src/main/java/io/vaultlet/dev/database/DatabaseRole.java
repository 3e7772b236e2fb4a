package io.vaultlet.dev.database;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code database/roles/<name>}: a dynamic role. A zero TTL means "use the mount default". */
record DatabaseRole(
    String name,
    String dbName,
    List<String> creationStatements,
    List<String> revocationStatements,
    List<String> renewStatements,
    List<String> rollbackStatements,
    Duration defaultTtl,
    Duration maxTtl) {

  DatabaseRole {
    creationStatements = List.copyOf(creationStatements);
    revocationStatements = List.copyOf(revocationStatements);
    renewStatements = List.copyOf(renewStatements);
    rollbackStatements = List.copyOf(rollbackStatements);
  }

  Map<String, Object> toResponse() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("creation_statements", creationStatements);
    out.put("credential_type", "password");
    out.put("db_name", dbName);
    out.put("default_ttl", defaultTtl.toSeconds());
    out.put("max_ttl", maxTtl.toSeconds());
    out.put("renew_statements", renewStatements);
    out.put("revocation_statements", revocationStatements);
    out.put("rollback_statements", rollbackStatements);
    return out;
  }
}
