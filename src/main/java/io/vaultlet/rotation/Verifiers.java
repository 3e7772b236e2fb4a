package io.vaultlet.rotation;

import io.vaultlet.config.VerifyConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
   * @param duration the wall time the checks took
   */
  public record Outcome(boolean ok, String verifiedBy, String message, Duration duration) {}

  /** The checks of {@code config}; {@code env} is added to the agent's environment for a {@code command}. */
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

  /** Runs {@code verifiers} in order on {@code candidate}; the first failure stops. Never throws. */
  public static Outcome run(List<Verifier> verifiers, Verifier.Candidate candidate) {
    long start = System.nanoTime();
    List<String> ran = new ArrayList<>();
    for (Verifier v : verifiers) {
      ran.add(v.name());
      Verifier.Result r;
      try {
        r = v.verify(candidate);
      } catch (RuntimeException e) {
        r = Verifier.Result.failed("the check failed unexpectedly: " + e);
      }
      if (!r.ok()) {
        return new Outcome(false, String.join(",", ran), v.name() + ": " + r.message(), since(start));
      }
    }
    return new Outcome(true, String.join(",", ran), "", since(start));
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
