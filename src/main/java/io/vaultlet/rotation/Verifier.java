package io.vaultlet.rotation;

import io.vaultlet.support.Scheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One check a new render must pass before it is published ({@code template { verify { … } }}, docs/rotation.md).
 * Implementations are small and built once per verify block from its configuration (they may hold a client, released
 * by {@link #close}); what changes per render comes in the {@link Candidate}. A failed check is a {@link Result},
 * never an exception; its message may name secret values (a database error quoting a user name) — the caller redacts
 * it before anything shows it.
 *
 * <p>Checks run on the agent's verify executor, never on a template thread: {@link #start} is called there, and a
 * check that waits between attempts schedules them on it instead of sleeping. A check that can only block (a
 * connection, a process) is a {@link Blocking} one: it holds a verify thread for at most its timeout.
 *
 * <p>Adding a check (the {@code aws} one: STS GetCallerIdentity with the new key pair) means one class implementing
 * this interface, its configuration key in {@code VerifyConfig}, and one line in {@link Verifiers#of}; a value it
 * needs rendered from the template's data is a {@link Candidate#rendered} entry.
 */
public interface Verifier extends AutoCloseable {

  /** The name events and the status show as "verified by": {@code postgres}, {@code tls}, {@code command}. */
  String name();

  /**
   * Starts checking {@code candidate} on {@code scheduler} (the verify executor, whose clock the check reads); the
   * future completes with the result within about {@link Candidate#timeout()}.
   */
  CompletableFuture<Result> start(Candidate candidate, Scheduler scheduler);

  /** Releases what the check holds (a client); the default holds nothing. */
  @Override
  default void close() {}

  /** A check that runs to its end on the calling (verify) thread, in at most {@link Candidate#timeout()}. */
  interface Blocking extends Verifier {

    /** Checks {@code candidate}, taking at most {@link Candidate#timeout()}. */
    Result verify(Candidate candidate);

    @Override
    default CompletableFuture<Result> start(Candidate candidate, Scheduler scheduler) {
      return CompletableFuture.completedFuture(verify(candidate));
    }
  }

  /**
   * What a verifier checks: the staged (written, not yet published) render of one template.
   *
   * @param stagedFile the staged file: next to the destination, with the destination's mode
   * @param destination where it will be published
   * @param stagedFiles every staged file of the publish unit, by destination (a publish group's members), so a
   *     check can read another member's new content (a key rendered into its own file)
   * @param rendered the verify block's own templates rendered from the same data as the file, by key (e.g.
   *     {@code postgres} → the connection URL)
   * @param timeout how long the check may take
   * @param now the agent's clock (validity checks use it)
   */
  record Candidate(Path stagedFile, Path destination, Map<Path, Path> stagedFiles, Map<String, String> rendered,
      Duration timeout, Instant now) {

    public Candidate {
      stagedFiles = Map.copyOf(stagedFiles);
      rendered = Map.copyOf(rendered);
    }

    /** Where to read {@code file} now: its staged version when it is a member of this unit, else itself. */
    public Path current(Path file) {
      return stagedFiles.getOrDefault(file.toAbsolutePath().normalize(), file);
    }

    public Optional<String> rendered(String key) {
      return Optional.ofNullable(rendered.get(key));
    }
  }

  /** The outcome: passed, or failed with a reason (unredacted; see the interface comment). */
  record Result(boolean ok, String message) {

    public static Result passed() {
      return new Result(true, "");
    }

    public static Result failed(String message) {
      return new Result(false, message == null || message.isBlank() ? "failed" : message.strip());
    }
  }
}
