package io.vaultlet.rotation;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One check a new render must pass before it is published ({@code template { verify { … } }}, docs/rotation.md).
 * Implementations are small, stateless and built once per template from its configuration; what changes per render
 * comes in the {@link Candidate}. A failed check is a {@link Result}, never an exception; its message may name
 * secret values (a database error quoting a user name) — the caller redacts it before anything shows it.
 *
 * <p>Adding a check (the {@code aws} one: STS GetCallerIdentity with the new key pair) means one class implementing
 * this interface, its configuration key in {@code VerifyConfig}, and one line in {@link Verifiers#of}; a value it
 * needs rendered from the template's data is a {@link Candidate#rendered} entry.
 */
public interface Verifier {

  /** The name events and the status show as "verified by": {@code postgres}, {@code tls}, {@code command}. */
  String name();

  /** Checks {@code candidate}, taking at most {@link Candidate#timeout()}. */
  Result verify(Candidate candidate);

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
