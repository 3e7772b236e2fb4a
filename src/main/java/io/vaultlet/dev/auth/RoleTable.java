package io.vaultlet.dev.auth;

import io.vaultlet.dev.DevException;
import io.vaultlet.dev.DevRequest;
import io.vaultlet.dev.DevResponse;
import io.vaultlet.dev.Operation;
import io.vaultlet.dev.Routes;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The named entries of an auth method ({@code role/<name>}, {@code certs/<name>}) and their paths: LIST on the prefix,
 * and read, write (create or replace) and delete on a name.
 */
final class RoleTable<R> {

  private final String prefix;
  private final BiFunction<String, DevRequest, R> parse;
  private final Function<R, Map<String, Object>> describe;
  private final Map<String, R> entries = new ConcurrentHashMap<>();

  /**
   * @param prefix the path prefix with its trailing slash, e.g. {@code "role/"}
   * @param parse builds an entry from a write to {@code <prefix><name>}; throws {@link DevException} if it is invalid
   * @param describe what a read of an entry answers
   */
  RoleTable(String prefix, BiFunction<String, DevRequest, R> parse, Function<R, Map<String, Object>> describe) {
    this.prefix = prefix;
    this.parse = parse;
    this.describe = describe;
  }

  boolean owns(String path) {
    return path.startsWith(prefix);
  }

  /** Answers a request to one of this table's paths ({@link #owns}). */
  DevResponse route(DevRequest req) {
    if (req.path().equals(prefix) && req.operation() == Operation.LIST) {
      return DevResponse.keys(entries.keySet().stream().sorted().toList());
    }
    return Routes.entry(req, Logins.lastSegment(req, prefix), this::describe,
        (name, write) -> entries.put(name, parse.apply(name, write)), entries::remove);
  }

  private Map<String, Object> describe(String name) {
    R entry = entries.get(name);
    return entry == null ? null : describe.apply(entry);
  }

  /** The entry, or null. */
  R get(String name) {
    return entries.get(name);
  }

  /** The entries' names, sorted. */
  java.util.List<String> names() {
    return entries.keySet().stream().sorted().toList();
  }

  Collection<R> values() {
    return entries.values();
  }
}
