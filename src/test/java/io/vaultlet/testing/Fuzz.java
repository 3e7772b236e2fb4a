package io.vaultlet.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A seeded, mutation-based fuzzer for vaultlet's parsers (the HCL1 and HCL1-JSON configuration parsers, the template
 * lexer/parser, the Vault response decoding). Inputs grow from seeds (real fixtures) by byte flips, token insertions
 * from a dictionary, deletions, duplications, splices of two seeds and bursts of deep nesting. Every input runs on a
 * thread with a 512 KiB stack (the container launcher's {@code -Xss512k}) within a per-input timeout; the only
 * exception allowed is the target's documented parse error. A failing input is written to
 * {@code target/fuzz-failures/} and named in the failure with the seed that reproduces the run.
 *
 * <p>How many inputs: {@code -Dvaultlet.fuzz.count} (the {@code fuzz} Maven profile sets 100000 per target; the default
 * build runs {@value #DEFAULT_COUNT}). {@code -Dvaultlet.fuzz.seed} replays a run.
 */
public final class Fuzz {

  /** Inputs per target in the default build: a short, bounded run. */
  public static final int DEFAULT_COUNT = 1500;
  private static final Duration PER_INPUT = Duration.ofSeconds(10);
  private static final int MAX_LENGTH = 64 * 1024;

  /** What one input is given to. */
  @FunctionalInterface
  public interface Target {
    void accept(String input) throws Exception;
  }

  private final String name;
  private final List<String> seeds;
  private final List<String> dictionary;

  public Fuzz(String name, List<String> seeds, List<String> dictionary) {
    if (seeds.isEmpty()) {
      throw new IllegalArgumentException("no seeds");
    }
    this.name = name;
    this.seeds = List.copyOf(seeds);
    this.dictionary = List.copyOf(dictionary);
  }

  public static int count() {
    return Integer.getInteger("vaultlet.fuzz.count", DEFAULT_COUNT);
  }

  public static long seed() {
    return Long.getLong("vaultlet.fuzz.seed", 20260101L);
  }

  /** Runs {@link #count()} inputs; fails on a hang or an exception {@code documented} does not accept. */
  public void run(Target target, Predicate<Throwable> documented) throws Exception {
    long seed = seed();
    Random random = new Random(seed ^ name.hashCode());
    ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(null, r, "fuzz-" + name, 512 * 1024);
      t.setDaemon(true);
      return t;
    });
    try {
      int n = count();
      for (int i = 0; i < n; i++) {
        String input = i < seeds.size() ? seeds.get(i) : mutate(random);
        Future<?> f = worker.submit(() -> {
          target.accept(input);
          return null;
        });
        try {
          f.get(PER_INPUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          f.cancel(true);
          fail("%s: input %d (seed %d) did not finish within %s: %s", name, i, seed, PER_INPUT, save(i, input));
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (!documented.test(cause)) {
            throw new AssertionError(name + ": input " + i + " (seed " + seed + ") threw " + cause + ": "
                + save(i, input), cause);
          }
        }
      }
    } finally {
      worker.shutdownNow();
    }
  }

  private String save(int i, String input) {
    try {
      Path dir = Files.createDirectories(Path.of("target", "fuzz-failures"));
      Path file = dir.resolve(name + "-" + i + ".txt");
      Files.writeString(file, input, StandardCharsets.UTF_8);
      return "saved in " + file.toAbsolutePath();
    } catch (IOException e) {
      return "(could not save it: " + e.getMessage() + ")";
    }
  }

  /** One new input: a seed changed by one to eight mutations. */
  String mutate(Random r) {
    StringBuilder s = new StringBuilder(seeds.get(r.nextInt(seeds.size())));
    int rounds = 1 + r.nextInt(8);
    for (int k = 0; k < rounds && s.length() < MAX_LENGTH; k++) {
      int at = s.length() == 0 ? 0 : r.nextInt(s.length() + 1);
      switch (r.nextInt(8)) {
        case 0 -> s.insert(at, dictionary.get(r.nextInt(dictionary.size())));
        case 1 -> { // flip a character (any code point below 0x80, sometimes beyond)
          if (s.length() > 0) {
            s.setCharAt(Math.min(at, s.length() - 1), (char) (r.nextInt(10) == 0 ? r.nextInt(0x3000) : r.nextInt(0x80)));
          }
        }
        case 2 -> { // delete a slice
          int len = Math.min(s.length() - Math.min(at, s.length()), 1 + r.nextInt(16));
          s.delete(at, at + Math.max(0, len));
        }
        case 3 -> { // duplicate a slice
          int end = Math.min(s.length(), at + 1 + r.nextInt(32));
          s.insert(at, s.substring(at, end));
        }
        case 4 -> { // splice another seed in
          String other = seeds.get(r.nextInt(seeds.size()));
          int from = other.isEmpty() ? 0 : r.nextInt(other.length());
          s.insert(at, other, from, Math.min(other.length(), from + 1 + r.nextInt(64)));
        }
        case 5 -> { // a burst of nesting: the same opener many times (sometimes far past any depth limit)
          String token = dictionary.get(r.nextInt(dictionary.size()));
          int times = r.nextInt(4) == 0 ? 1 + r.nextInt(20_000) : 1 + r.nextInt(64);
          s.insert(at, token.repeat(Math.max(1, Math.min(times, MAX_LENGTH / Math.max(1, token.length())))));
        }
        case 6 -> s.setLength(Math.min(s.length(), at)); // truncate
        default -> s.insert(at, (char) r.nextInt(0x80));
      }
    }
    return s.length() > 4 * MAX_LENGTH ? s.substring(0, 4 * MAX_LENGTH) : s.toString();
  }

  /** Every regular file under {@code dir} (recursively) as text; missing directories give nothing. */
  public static List<String> filesUnder(Path dir) throws IOException {
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.filter(Files::isRegularFile).sorted().toList()) {
        out.add(new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
      }
    }
    return out;
  }
}
