package io.vaultlet.config.hcl;

import java.util.List;

/**
 * One {@code key = value} or {@code key "label" … { … }} item. {@code keys.get(0)} is the name; the rest are labels.
 * {@code assigned} is true when written with {@code =} (HCL1 treats {@code config = {…}} and {@code config {…}} alike).
 */
public record Item(Position position, List<Key> keys, Node value, boolean assigned) {

  public Item {
    keys = List.copyOf(keys);
  }

  public String name() {
    return keys.get(0).text();
  }

  /** The labels after the name (unquoted text), e.g. {@code ["aws"]} for {@code method "aws" { }}. */
  public List<String> labels() {
    return keys.subList(1, keys.size()).stream().map(Key::text).toList();
  }

  /** A key as written: unquoted text, and whether it was quoted. */
  public record Key(Position position, String text, boolean quoted) {}
}
