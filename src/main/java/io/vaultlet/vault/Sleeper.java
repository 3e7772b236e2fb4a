package io.vaultlet.vault;

import java.time.Duration;

/** Waits between retries. Production sleeps the thread; tests record the waits and return at once. */
@FunctionalInterface
public interface Sleeper {

  Sleeper SYSTEM = d -> Thread.sleep(Math.max(0, d.toMillis()));

  void sleep(Duration duration) throws InterruptedException;
}
