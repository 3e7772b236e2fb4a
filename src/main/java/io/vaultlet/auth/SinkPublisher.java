package io.vaultlet.auth;

import io.vaultlet.support.Log;
import io.vaultlet.support.Redactor;
import io.vaultlet.support.Scheduler;
import io.vaultlet.vault.VaultClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * Writes each new token to every sink (vault-agent.md §4.1): once per distinct token, a failed write retried after
 * {@code U[1s, 3s)} until it succeeds or a newer token supersedes it.
 */
final class SinkPublisher {

  private static final Log LOG = Log.named("sink.server");

  private final List<Slot> slots = new ArrayList<>();
  private final Scheduler scheduler;
  private final DoubleSupplier random;
  private final Consumer<AuthEvent> events;
  private final String method;
  private volatile boolean closed;

  SinkPublisher(List<TokenSink> sinks, Scheduler scheduler, DoubleSupplier random, Consumer<AuthEvent> events,
      String method) {
    for (TokenSink s : sinks) {
      slots.add(new Slot(s));
    }
    this.scheduler = scheduler;
    this.random = random;
    this.events = events;
    this.method = method;
  }

  /** Publishes {@code content}; the future completes once every sink holds it (at once when there are no sinks). */
  CompletableFuture<Void> publish(String content, boolean wrapped, VaultClient client, String accessor) {
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (Slot slot : slots) {
      all.add(slot.offer(content, wrapped, client, accessor));
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
  }

  void close() {
    closed = true;
    for (Slot s : slots) {
      s.cancel();
    }
  }

  private final class Slot {
    private final TokenSink sink;
    private String written;
    private long version;
    private Scheduler.Cancellable retry;

    Slot(TokenSink sink) {
      this.sink = sink;
    }

    synchronized CompletableFuture<Void> offer(String content, boolean wrapped, VaultClient client,
        String accessor) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      if (content.equals(written)) {
        done.complete(null);
        return done;
      }
      cancel();
      long v = ++version;
      attempt(v, content, wrapped, client, accessor, done);
      return done;
    }

    private synchronized void attempt(long v, String content, boolean wrapped, VaultClient client,
        String accessor, CompletableFuture<Void> done) {
      if (closed || v != version) {
        return;
      }
      try {
        sink.write(content, wrapped, client);
        written = content;
        LOG.info("token written", "sink", sink.describe(), "accessor", accessor);
        events.accept(event(accessor, Optional.empty()));
        done.complete(null);
      } catch (Exception e) {
        Duration wait = Duration.ofMillis(1000 + (long) (random.getAsDouble() * 2000));
        String why = Redactor.redact(String.valueOf(e.getMessage()));
        LOG.error("error returned by sink function, retrying", "sink", sink.describe(), "error", why,
            "backoff", wait);
        events.accept(event(accessor, Optional.of(why)));
        retry = scheduler.schedule(wait, () -> attempt(v, content, wrapped, client, accessor, done));
      }
    }

    synchronized void cancel() {
      if (retry != null) {
        retry.cancel();
        retry = null;
      }
    }

    private AuthEvent event(String accessor, Optional<String> error) {
      return new AuthEvent(AuthEvent.Type.SINK_WRITE, scheduler.clock().instant(), method, accessor, Optional.empty(),
          Optional.empty(), error);
    }
  }
}
