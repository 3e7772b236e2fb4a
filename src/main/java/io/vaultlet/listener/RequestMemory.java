package io.vaultlet.listener;

/**
 * What all listeners together may hold of request bodies at once. Each listener's {@code max_request_size} bounds one
 * body; this bounds their sum, so many slow or large requests cannot take the heap the templates need. A body
 * reserves its declared length before a byte of it is read (a chunked one, chunk by chunk), and gives it back when its
 * request is answered. A body that cannot fit in the whole budget is too large (413); one that would fit later gets
 * 503 with {@code Retry-After}.
 */
final class RequestMemory {

  /** A quarter of the heap (at least 1 MiB, at most what one array can hold): what request bodies may use. */
  static RequestMemory ofHeap() {
    long quarter = Runtime.getRuntime().maxMemory() / 4;
    return new RequestMemory(Math.min(Integer.MAX_VALUE - 8, Math.max(1L << 20, quarter)));
  }

  private final long capacity;
  private long used;

  RequestMemory(long capacity) {
    this.capacity = capacity;
  }

  long capacity() {
    return capacity;
  }

  /** Takes {@code bytes} when they fit now; false otherwise (nothing taken). */
  synchronized boolean reserve(long bytes) {
    if (bytes <= 0) {
      return true;
    }
    if (bytes > capacity - used) {
      return false;
    }
    used += bytes;
    return true;
  }

  synchronized void release(long bytes) {
    used = Math.max(0, used - Math.max(0, bytes));
  }

  synchronized long used() {
    return used;
  }
}
