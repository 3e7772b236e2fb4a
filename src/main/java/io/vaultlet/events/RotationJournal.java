package io.vaultlet.events;

import io.vaultlet.support.Log;
import io.vaultlet.support.Redactor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Where every rotation step is recorded: one log line per event (module {@code rotation}, the event's fields as
 * key/value pairs) and a bounded list of the most recent events for the status JSON. One journal per agent, shared by
 * the template runtime and the access-key rotators. Thread-safe.
 */
public final class RotationJournal {

  /** How many recent events the status keeps. */
  public static final int DEFAULT_CAPACITY = 100;

  private static final Log LOG = Log.named("rotation");

  private final int capacity;
  private final ArrayDeque<RotationEvent> recent;
  private final java.util.List<java.util.function.Consumer<RotationEvent>> listeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  public RotationJournal() {
    this(DEFAULT_CAPACITY);
  }

  public RotationJournal(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    this.capacity = capacity;
    this.recent = new ArrayDeque<>(capacity);
  }

  /**
   * Records {@code event}: logs it (failures at WARN, the rest at INFO; {@code rotation: lease verify failed: kind=…})
   * and keeps it for the status.
   */
  public void record(RotationEvent event) {
    RotationEvent e = new RotationEvent(event.at(), event.kind(), event.target(), event.step(), event.oldId(),
        event.newId(), event.verifiedBy(), event.result(), event.duration(), Redactor.redact(event.message()));
    synchronized (recent) {
      if (recent.size() == capacity) {
        recent.removeFirst();
      }
      recent.addLast(e);
    }
    List<Object> kv = new ArrayList<>(List.of("kind", e.kind(), "target", e.target(), "step",
        e.step(), "result", e.result().label()));
    addUnlessEmpty(kv, "old", e.oldId());
    addUnlessEmpty(kv, "new", e.newId());
    addUnlessEmpty(kv, "verified_by", e.verifiedBy());
    kv.addAll(List.of("duration", io.vaultlet.support.GoDurations.format(e.duration())));
    addUnlessEmpty(kv, "message", e.message());
    String message = e.kind() + " " + e.step() + " " + e.result().label(); // e.g. "lease verify failed"
    if (e.result() == RotationEvent.Result.FAILED) {
      LOG.warn(message, kv.toArray());
    } else {
      LOG.info(message, kv.toArray());
    }
    for (java.util.function.Consumer<RotationEvent> l : listeners) {
      try {
        l.accept(e);
      } catch (RuntimeException ex) {
        LOG.error("rotation listener failed", ex);
      }
    }
  }

  /** A log line carries only the fields an event has (a first issue has no old id, a step no message). */
  private static void addUnlessEmpty(List<Object> kv, String key, String value) {
    if (value != null && !value.isEmpty()) {
      kv.add(key);
      kv.add(value);
    }
  }

  /** Called with every event after it is recorded (the metrics count them); must not block. */
  public void addListener(java.util.function.Consumer<RotationEvent> listener) {
    listeners.add(listener);
  }

  /** The recent events, oldest first. */
  public List<RotationEvent> recent() {
    synchronized (recent) {
      return List.copyOf(recent);
    }
  }
}
