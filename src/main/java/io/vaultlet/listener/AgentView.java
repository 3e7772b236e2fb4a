package io.vaultlet.listener;

import io.vaultlet.auth.AuthToken;
import io.vaultlet.render.RuntimeStatus;
import java.util.List;
import java.util.Optional;

/** What the listener's own endpoints read from, and ask of, the running agent. */
public interface AgentView {

  /** The templates and leases now (empty lists without templates), with the recent rotation events. */
  RuntimeStatus status();

  /** True when auto-auth is configured (its token then counts for health and readiness). */
  boolean autoAuth();

  /** The current auto-auth token, empty before the first login or without auto-auth. */
  Optional<AuthToken> token();

  /** True once every template has rendered (true without templates). */
  boolean rendered();

  /**
   * Fetches again now what the template with {@code destination} uses, or the leases whose path or dependency key is
   * {@code lease}; the dependency keys scheduled.
   */
  List<String> rotate(Optional<String> destination, Optional<String> lease);

  /**
   * Starts a rotation of the {@code aws_access_key} block named {@code name} now, whatever its key's age; false when
   * there is no such block.
   */
  default boolean rotateAccessKey(String name) {
    return false;
  }

  /** The {@code aws_access_key} blocks now (empty without any), for the status table. */
  default List<io.vaultlet.rotation.awskey.AccessKeyStatus> accessKeys() {
    return List.of();
  }

  /** {@code /agent/v1/quit}: stop like SIGTERM. */
  void quit();
}
