package io.vaultlet.dev;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The emulator's clock: real time scaled by a speed factor, plus an offset that tests move forward.
 *
 * <p>{@code now = anchor + (realNow - realAnchor) × speed + offset}. Changing the speed re-anchors, so time never
 * jumps. Every TTL in the emulator is computed from this clock; the reaper revokes what it has passed.
 */
public final class DevClock extends Clock {

  private final Clock real;
  private Instant anchor;
  private long realAnchorNanos;
  private double speed;
  private Duration offset = Duration.ZERO;

  DevClock(Clock real, Instant start, double speed) {
    this.real = real;
    this.anchor = start == null ? real.instant() : start;
    this.realAnchorNanos = System.nanoTime();
    this.speed = speed;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public synchronized Instant instant() {
    long elapsed = System.nanoTime() - realAnchorNanos;
    return anchor.plusNanos((long) (elapsed * speed)).plus(offset);
  }

  /** Moves time forward (or back, with a negative duration). */
  public synchronized void advance(Duration by) {
    offset = offset.plus(by);
  }

  /** Sets the speed factor (1 = real time, 60 = a minute per second, 0 = frozen). */
  public synchronized void setSpeed(double factor) {
    if (factor < 0 || Double.isNaN(factor)) {
      throw new IllegalArgumentException("clock speed must be zero (frozen) or positive");
    }
    Instant now = instant().minus(offset);
    anchor = now;
    realAnchorNanos = System.nanoTime();
    speed = factor;
  }

  public synchronized double speed() {
    return speed;
  }

  public synchronized Duration offset() {
    return offset;
  }

  /** The real clock it derives from (unused by the emulator; there for completeness). */
  Clock real() {
    return real;
  }
}
