package io.vaultlet.dev.database;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code database/config/<name>}. The root {@code password} is write-only: {@link #toResponse()} never contains it.
 */
record DatabaseConfig(
    String name,
    String pluginName,
    String connectionUrl,
    String username,
    String password,
    List<String> allowedRoles,
    boolean verifyConnection,
    List<String> rootRotationStatements) {

  static final String POSTGRES_PLUGIN = "postgresql-database-plugin";

  DatabaseConfig {
    allowedRoles = List.copyOf(allowedRoles);
    rootRotationStatements = List.copyOf(rootRotationStatements);
  }

  boolean allowsRole(String role) {
    return allowedRoles.contains("*") || allowedRoles.contains(role);
  }

  DatabaseConfig withPassword(String newPassword) {
    return new DatabaseConfig(name, pluginName, connectionUrl, username, newPassword, allowedRoles, verifyConnection,
        rootRotationStatements);
  }

  PostgresConnectionUrl connection() {
    return PostgresConnectionUrl.parse(connectionUrl, username, password);
  }

  /** The read response, shaped like Vault's: connection details without the password. */
  Map<String, Object> toResponse() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("connection_url", connectionUrl);
    details.put("username", username);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("allowed_roles", allowedRoles);
    out.put("connection_details", details);
    out.put("password_policy", "");
    out.put("plugin_name", pluginName);
    out.put("plugin_version", "");
    out.put("root_credentials_rotate_statements", rootRotationStatements);
    out.put("verify_connection", verifyConnection);
    return out;
  }
}
