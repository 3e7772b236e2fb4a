package io.vaultlet.template.gotmpl;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * What one render may spend: execution steps, time and output characters. Each render gets a fresh budget
 * ({@link #start}); the executor charges a step for every node it walks and every {@code range} iteration, checks the
 * clock (and the thread's interrupt flag) every {@value #CHECK_EVERY} steps, and checks the output's length after
 * every write. Functions that build large values up front charge for them before they allocate ({@link #charge},
 * {@link #checkSize}). Exceeding any part throws {@link Exceeded}, which no function call or template error handler
 * swallows.
 *
 * <pre>{@code
 * RenderBudget previous = RenderBudget.enter(RenderBudget.start(limits, System::nanoTime));
 * try { ... execute ... } finally { RenderBudget.exit(previous); }
 * }</pre>
 */
public final class RenderBudget {

  /** How often (in steps) the clock and the interrupt flag are looked at. */
  static final int CHECK_EVERY = 1024;

  private static final ThreadLocal<RenderBudget> CURRENT = new ThreadLocal<>();

  /** The limits of one render: steps, wall time and output characters; {@link Long#MAX_VALUE} for none. */
  public record Limits(long maxSteps, Duration maxTime, long maxOutput) {

    public static final Limits NONE = new Limits(Long.MAX_VALUE, null, Long.MAX_VALUE);

    public Limits {
      if (maxSteps <= 0 || maxOutput <= 0) {
        throw new IllegalArgumentException("render limits must be positive");
      }
    }
  }

  /** Which part of the budget ran out. */
  public enum Kind {
    STEPS, TIME, OUTPUT, INTERRUPTED
  }

  /** The budget ran out; the render is abandoned (never caught by a template's own error handling). */
  public static final class Exceeded extends RuntimeException {
    private final Kind kind;

    Exceeded(Kind kind, String message) {
      super(message, null, false, false);
      this.kind = kind;
    }

    public Kind kind() {
      return kind;
    }
  }

  private final Limits limits;
  private final LongSupplier nanoTime;
  private final long deadline;
  private long steps;

  private RenderBudget(Limits limits, LongSupplier nanoTime) {
    this.limits = limits;
    this.nanoTime = nanoTime;
    this.deadline = limits.maxTime() == null ? Long.MAX_VALUE
        : saturatedAdd(nanoTime.getAsLong(), limits.maxTime().toNanos());
  }

  /** A fresh budget whose clock starts now. */
  public static RenderBudget start(Limits limits, LongSupplier nanoTime) {
    return new RenderBudget(limits, nanoTime);
  }

  /** The budget of the render running on this thread; an unlimited one outside of a budgeted render. */
  public static RenderBudget current() {
    RenderBudget b = CURRENT.get();
    return b != null ? b : new RenderBudget(Limits.NONE, System::nanoTime);
  }

  /** Makes {@code budget} the current one; returns the previous one for {@link #exit}. */
  public static RenderBudget enter(RenderBudget budget) {
    RenderBudget previous = CURRENT.get();
    CURRENT.set(budget);
    return previous;
  }

  public static void exit(RenderBudget previous) {
    if (previous == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
    }
  }

  public Limits limits() {
    return limits;
  }

  /** Steps charged so far. */
  public long steps() {
    return steps;
  }

  /** One step of execution. */
  public void step() {
    charge(1);
  }

  /** {@code n} steps at once (a function that builds an {@code n}-element list charges before building it). */
  public void charge(long n) {
    long before = steps;
    steps = saturatedAdd(steps, Math.max(0, n));
    if (steps > limits.maxSteps()) {
      throw new Exceeded(Kind.STEPS, "render exceeded its step budget (" + limits.maxSteps() + " steps)");
    }
    if (n >= CHECK_EVERY || (before / CHECK_EVERY) != (steps / CHECK_EVERY)) {
      checkClock();
    }
  }

  /** Checks the deadline and the interrupt flag now. */
  public void checkClock() {
    if (Thread.currentThread().isInterrupted()) {
      throw new Exceeded(Kind.INTERRUPTED, "render interrupted (the agent is stopping)");
    }
    if (deadline != Long.MAX_VALUE && nanoTime.getAsLong() - deadline > 0) {
      throw new Exceeded(Kind.TIME, "render exceeded its time budget (" + limits.maxTime() + ")");
    }
  }

  /** Throws when a value or output of {@code chars} characters would be larger than the output limit. */
  public void checkSize(long chars) {
    if (chars > limits.maxOutput()) {
      throw new Exceeded(Kind.OUTPUT, "rendered output exceeds its size limit (" + limits.maxOutput() + " bytes)");
    }
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }
}
