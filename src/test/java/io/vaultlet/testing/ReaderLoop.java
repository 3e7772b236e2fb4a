package io.vaultlet.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A reader that opens a file in a loop while a test rotates it, as an application would: it remembers the first read
 * that failed (a missing file, a dangling link) or that did not hold a complete value, and, when the file is a
 * symlink, every target it pointed to.
 */
public final class ReaderLoop {

  private final Path file;
  private final Pattern complete;
  private final Thread thread;
  private final Set<String> targets = ConcurrentHashMap.newKeySet();
  private volatile boolean stop;
  private volatile String failure;
  private volatile int reads;

  /** Reads {@code file}; a read is complete when {@code complete} is found in it. */
  public ReaderLoop(Path file, Pattern complete) {
    this.file = file;
    this.complete = complete;
    this.thread = new Thread(this::loop, "reader-loop");
  }

  public ReaderLoop start() {
    thread.start();
    return this;
  }

  public void stop() throws InterruptedException {
    stop = true;
    thread.join();
  }

  /** The first failed or incomplete read, or null. */
  public String failure() {
    return failure;
  }

  public int reads() {
    return reads;
  }

  /** The link targets seen (empty when the file is not a link). */
  public Set<String> targets() {
    return Set.copyOf(targets);
  }

  private void loop() {
    while (!stop) {
      try {
        if (Files.isSymbolicLink(file)) {
          targets.add(Files.readSymbolicLink(file).toString());
        }
        String s = Files.readString(file);
        reads++;
        if (!complete.matcher(s).find() && failure == null) {
          failure = "incomplete read of " + s.length() + " chars";
        }
        Thread.sleep(0, 200_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        if (failure == null) {
          failure = e.toString();
        }
      }
    }
  }
}
