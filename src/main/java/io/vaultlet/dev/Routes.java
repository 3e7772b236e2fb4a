package io.vaultlet.dev;

import java.util.EnumSet;
import java.util.Map;

/**
 * The shapes most engine paths share, so each backend names only what differs: an entry path ({@code roles/<name>},
 * {@code config/<name>}) answering read, write and delete, and paths that take only some operations. Anything else
 * gets Vault's {@code 405 unsupported operation}.
 */
public final class Routes {

  /** Reads an entry; null when it does not exist (the core answers 404). */
  @FunctionalInterface
  public interface Reader<X extends Exception> {
    Map<String, Object> read(String name) throws X;
  }

  /** Creates or replaces an entry from a write's data. */
  @FunctionalInterface
  public interface Writer<X extends Exception> {
    void write(String name, DevRequest req) throws X;
  }

  /** Removes an entry (a missing one is not an error). */
  @FunctionalInterface
  public interface Deleter<X extends Exception> {
    void delete(String name) throws X;
  }

  private Routes() {}

  /**
   * An entry path: READ answers the entry (404 when missing), CREATE/UPDATE write it and DELETE removes it (both 204);
   * other operations are unsupported.
   */
  public static <X extends Exception> DevResponse entry(DevRequest req, String name, Reader<X> read, Writer<X> write,
      Deleter<X> delete) throws X {
    switch (req.operation()) {
      case READ:
        Map<String, Object> entry = read.read(name);
        return entry == null ? null : DevResponse.of(entry);
      case DELETE:
        delete.delete(name);
        return DevResponse.noContent();
      case CREATE: case UPDATE:
        write.write(name, req);
        return DevResponse.noContent();
      default:
        throw DevException.unsupportedOperation();
    }
  }

  /** Rejects the request with 405 unless its operation is one of {@code allowed}. */
  public static void only(DevRequest req, Operation first, Operation... rest) {
    if (!EnumSet.of(first, rest).contains(req.operation())) {
      throw DevException.unsupportedOperation();
    }
  }

  /** Rejects the request with 405 unless it is a write (POST/PUT: create or update). */
  public static void writesOnly(DevRequest req) {
    if (!req.operation().isWrite()) {
      throw DevException.unsupportedOperation();
    }
  }
}
