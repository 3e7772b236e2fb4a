package io.vaultlet.rotation;

import io.vaultlet.config.VerifyConfig;
import io.vaultlet.support.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Builds a {@code verify} block's checks and runs them in order: {@code postgres}, {@code tls}, {@code aws},
 * {@code command}.
 */
public final class Verifiers {

  private Verifiers() {}

  /**
   * The outcome of running every check of a candidate.
   *
   * @param ok every check passed
   * @param verifiedBy the checks that ran, comma-separated (the failing one last)
   * @param message the failing check's message prefixed with its name, unredacted; empty when ok
   * @param duration the time the checks took (the verify executor's clock)
   */
  public record Outcome(boolean ok, String verifiedBy, String message, Duration duration) {}

  /**
   * The checks of {@code config}, built once per verify block (the caller closes them); {@code env} is added to the
   * agent's environment for a {@code command}.
   */
  public static List<Verifier> of(VerifyConfig config, Map<String, String> env) {
    List<Verifier> out = new ArrayList<>();
    config.postgres().ifPresent(url -> out.add(new PostgresVerifier()));
    config.tls().ifPresent(tls -> out.add(new TlsVerifier(tls)));
    config.aws().ifPresent(aws -> out.add(new AwsVerifier(aws)));
    if (!config.command().isEmpty()) {
      out.add(new CommandVerifier(config.command(), env));
    }
    return out;
  }

  /**
   * The block's values that are templates, by key: rendered from the same data as the file on every attempt and
   * handed to the checks as {@link Verifier.Candidate#rendered}.
   */
  public static Map<String, String> templates(VerifyConfig config) {
    Map<String, String> out = new LinkedHashMap<>();
    config.postgres().ifPresent(url -> out.put(PostgresVerifier.KEY, url));
    config.aws().ifPresent(aws -> out.putAll(AwsVerifier.templates(aws)));
    return out;
  }

  /**
   * Runs {@code verifiers} in order on {@code candidate}, on {@code scheduler} (the verify executor: call this from one
   * of its tasks); the first failure stops. The future never completes exceptionally: a check that throws fails.
   * The duration is read from the scheduler's clock.
   */
  public static CompletableFuture<Outcome> start(List<Verifier> verifiers, Verifier.Candidate candidate,
      Scheduler scheduler) {
    return next(verifiers, 0, new ArrayList<>(), candidate, scheduler, scheduler.clock().instant());
  }

  private static CompletableFuture<Outcome> next(List<Verifier> verifiers, int i, List<String> ran,
      Verifier.Candidate candidate, Scheduler scheduler, Instant begun) {
    if (i == verifiers.size()) {
      return CompletableFuture.completedFuture(new Outcome(true, String.join(",", ran), "", since(begun, scheduler)));
    }
    Verifier v = verifiers.get(i);
    ran.add(v.name());
    return started(v, candidate, scheduler).thenCompose(r -> r.ok()
        ? next(verifiers, i + 1, ran, candidate, scheduler, begun)
        : CompletableFuture.completedFuture(new Outcome(false, String.join(",", ran), v.name() + ": " + r.message(),
            since(begun, scheduler))));
  }

  private static CompletableFuture<Verifier.Result> started(Verifier v, Verifier.Candidate c, Scheduler scheduler) {
    CompletableFuture<Verifier.Result> f;
    try {
      f = v.start(c, scheduler);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(unexpected(e));
    }
    return f.handle((r, e) -> e != null ? unexpected(e instanceof CompletionException && e.getCause() != null
        ? e.getCause() : e) : r);
  }

  private static Verifier.Result unexpected(Throwable e) {
    return Verifier.Result.failed("the check failed unexpectedly: " + e);
  }

  private static Duration since(Instant begun, Scheduler scheduler) {
    Duration d = Duration.between(begun, scheduler.clock().instant());
    return d.isNegative() ? Duration.ZERO : d;
  }
}
