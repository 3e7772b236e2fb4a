package io.vaultlet.config;

import java.time.Duration;
import java.util.Optional;

/**
 * vaultlet's rotation-safety settings of one {@code template} block (all vaultlet extensions; a block without them is
 * a plain Vault Agent template). See docs/rotation.md.
 *
 * @param verify {@code verify { … }}: prove a new render works before it replaces the destination
 * @param gracePeriod {@code grace_period}: how long a replaced lease is kept alive after the new file was published
 *     and the reload command succeeded, before it is revoked; zero (the default) leaves it to expire as Vault Agent
 *     does
 * @param slots {@code slots}: {@code "blue_green"} renders alternately into {@code <destination>.blue} and
 *     {@code <destination>.green} and points the destination (a symlink) at the newest one
 */
public record RotationConfig(Optional<VerifyConfig> verify, Duration gracePeriod, Slots slots) {

  private static final RotationConfig NONE = new RotationConfig(Optional.empty(), Duration.ZERO, Slots.NONE);

  /** How the destination is written. */
  public enum Slots {
    /** The destination is a regular file, replaced atomically (what Vault Agent does). */
    NONE,
    /** Two slot files and a symlink switched atomically to the newest verified one. */
    BLUE_GREEN
  }

  /** No rotation settings: a plain template. */
  public static RotationConfig none() {
    return NONE;
  }

  /** True when any rotation setting is used. */
  public boolean enabled() {
    return verify.isPresent() || !gracePeriod.isZero() || slots != Slots.NONE;
  }

  public boolean blueGreen() {
    return slots == Slots.BLUE_GREEN;
  }
}
