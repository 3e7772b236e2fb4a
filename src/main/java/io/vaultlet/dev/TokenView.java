package io.vaultlet.dev;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A token as backends see it (the requesting token in {@link DevRequest#token()}).
 *
 * <p>{@code id} is the token itself: use it as a key (cubbyhole), never log it; log {@code accessor}.
 *
 * @param expireTime null when the token never expires (root)
 */
public record TokenView(
    String id,
    String accessor,
    List<String> policies,
    Map<String, String> meta,
    String displayName,
    String path,
    String entityId,
    boolean orphan,
    Instant creationTime,
    Instant expireTime,
    int numUses,
    String type) {

  /** Whether the token holds the {@code root} policy. */
  public boolean isRoot() {
    return policies.contains("root");
  }
}
