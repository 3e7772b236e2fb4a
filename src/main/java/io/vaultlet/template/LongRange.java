package io.vaultlet.template;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * The integers {@code start, start+step, …} ({@code size} of them) as an unmodifiable list computed on access:
 * {@code loop}, {@code sprig_until}, {@code sprig_untilStep} and {@code sprig_seq} return it, so ten million
 * iterations cost no memory (a materialised list of boxed integers would take hundreds of MiB). Each element is
 * still a step of the render's budget (charged when the range is made).
 */
final class LongRange extends AbstractList<Object> implements RandomAccess {

  private final long start;
  private final long step;
  private final int size;

  private LongRange(long start, long step, int size) {
    this.start = start;
    this.step = step;
    this.size = size;
  }

  /** {@code start} up to (not including) {@code stop} by {@code step}, as Go's loops count; empty when none. */
  static LongRange of(long start, long stop, long step) {
    if (step == 0 || (step > 0 && stop <= start) || (step < 0 && stop >= start)) {
      return new LongRange(start, step, 0);
    }
    double n = Math.ceil(((double) stop - start) / step);
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("a range of " + (long) n + " numbers is too long");
    }
    return new LongRange(start, step, (int) n);
  }

  @Override
  public Object get(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException(index);
    }
    return start + step * index;
  }

  @Override
  public int size() {
    return size;
  }
}
