package io.vaultlet.config;

import io.vaultlet.config.hcl.Item;
import io.vaultlet.config.hcl.ListNode;
import io.vaultlet.config.hcl.Node;
import io.vaultlet.config.hcl.ObjectNode;
import io.vaultlet.config.hcl.Position;
import io.vaultlet.support.Shown;
import io.vaultlet.support.Suggestions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A typed view of one HCL object body (a file, or a block such as {@code auto_auth.method}): its nested blocks and
 * the key checks here, its typed values in {@link BlockValues}. Every getter reports a wrong type to {@link Problems}
 * with the value's position and the expected type, and returns empty, so binding goes on and every problem is found
 * in one pass. Values are never echoed into messages (they may be secrets).
 */
final class Block extends BlockValues {

  private final String path;
  private final Item item;
  private final Position position;
  private final ObjectNode body;
  private final Problems problems;

  Block(String path, Item item, Position position, ObjectNode body, Problems problems) {
    this.path = path;
    this.item = item;
    this.position = position;
    this.body = body;
    this.problems = problems;
  }

  static Block root(ObjectNode root, Problems problems) {
    return new Block("", null, root.position(), root, problems);
  }

  String path() {
    return path;
  }

  /** Where the block's name is written (the start of {@code method "aws" {}}). */
  @Override
  Position position() {
    return position;
  }

  /** The block's labels ({@code ["aws"]} for {@code method "aws" {}}); empty for the root. */
  List<String> labels() {
    return item == null ? List.of() : item.labels();
  }

  @Override
  Problems problems() {
    return problems;
  }

  /** {@code key} inside this block, for messages: {@code auto_auth.method.wrap_ttl}. */
  @Override
  String qualify(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  boolean has(String key) {
    return !body.items(key).isEmpty();
  }

  /** The last item named {@code key} (a repeated scalar: the last one wins, as in HCL1 decoding). */
  @Override
  Optional<Item> item(String key) {
    List<Item> items = body.items(key);
    return items.isEmpty() ? Optional.empty() : Optional.of(items.get(items.size() - 1));
  }

  Position positionOf(String key) {
    return item(key).map(Item::position).orElse(position);
  }

  // ---- blocks -----------------------------------------------------------------------------------------------------

  /** Every block named {@code key}, in order: {@code key {…}}, {@code key = {…}} and JSON arrays of objects. */
  List<Block> blocks(String key) {
    List<Block> out = new ArrayList<>();
    for (Item it : body.items(key)) {
      Node value = it.value();
      if (value instanceof ObjectNode obj) {
        out.add(new Block(qualify(key), it, it.position(), obj, problems));
      } else if (value instanceof ListNode list && !list.elements().isEmpty()
          && list.elements().stream().allMatch(e -> e instanceof ObjectNode)) {
        for (Node element : list.elements()) {
          out.add(new Block(qualify(key), it, element.position(), (ObjectNode) element, problems));
        }
      } else {
        problems.error(value.position(), "'" + qualify(key) + "' must be a block { … }, got " + describe(value));
      }
    }
    return out;
  }

  /** At most one block named {@code key}; more is an error (Vault: "at most one … block is allowed"). */
  Optional<Block> singleBlock(String key) {
    List<Block> all = blocks(key);
    return rejectLabels(key, all) ? Optional.empty() : single(key, all);
  }

  /** Like {@link #singleBlock(String)} for a block that takes a type label ({@code persist "kubernetes" {}}). */
  Optional<Block> singleLabelledBlock(String key) {
    return single(key, blocks(key));
  }

  private boolean rejectLabels(String key, List<Block> all) {
    for (Block b : all) {
      if (!b.labels().isEmpty()) {
        problems.error(b.position(), "'" + qualify(key) + "' takes no label, found \"" + Shown.cut(b.labels().get(0)) + "\""
            + " (in JSON, nested objects are read as labels: write the block as an array of objects)");
        return true;
      }
    }
    return false;
  }

  private Optional<Block> single(String key, List<Block> all) {
    if (all.size() > 1) {
      problems.error(all.get(1).position(), "at most one '" + qualify(key) + "' block is allowed (first one at "
          + all.get(0).position() + ")");
    }
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
  }

  /** The last block named {@code key} (consul-template flattens repeated {@code wait}/{@code exec}: last wins). */
  Optional<Block> lastBlock(String key) {
    List<Block> all = blocks(key);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** The block named {@code key} as a free-form map; an empty map at this block's position when absent. */
  FreeformMap freeform(String key) {
    List<Block> all = blocks(key);
    if (all.isEmpty()) {
      return FreeformMap.empty(position, qualify(key));
    }
    Block last = all.get(all.size() - 1);
    return last.asFreeform(qualify(key));
  }

  /** This whole block as a free-form map (listeners, telemetry). */
  FreeformMap asFreeform(String name) {
    return FreeformMap.of(position, name, body);
  }

  // ---- key checks -------------------------------------------------------------------------------------------------

  /**
   * Reports every key not in {@code known} as an error, with a "did you mean" for near misses: for the blocks Vault
   * decodes strictly ({@code template}, {@code env_template}, {@code exec}), where Vault rejects an unknown key too.
   */
  void rejectUnknownKeys(Set<String> known) {
    for (String key : unknownKeys(known)) {
      problems.error(positionOf(key), "unknown key '" + Shown.cut(key) + "' in " + where() + hint(key, known));
    }
  }

  /**
   * Reports every key not in {@code known} as a warning (an error under {@code -strict}), with a "did you mean": for
   * the blocks Vault decodes leniently (HCL1's {@code DecodeObject} into a struct drops keys it has no field for).
   */
  void warnUnknownKeys(Set<String> known) {
    for (String key : unknownKeys(known)) {
      problems.ignored(positionOf(key), "unknown key '" + Shown.cut(key) + "' in " + where(), hint(key, known));
    }
  }

  /** {@code " (did you mean \"x\"?)"}, else where the key belongs ({@link KeyHomes}), else nothing. */
  private String hint(String key, Set<String> known) {
    String suggestion = Suggestions.didYouMean(key, known);
    return suggestion.isEmpty() ? KeyHomes.hint(key, path) : suggestion;
  }

  /** The keys written in this block that are not in {@code known}, in source order, each once. */
  Collection<String> unknownKeys(Set<String> known) {
    Set<String> seen = new java.util.LinkedHashSet<>();
    for (Item it : body.items()) {
      if (!known.contains(it.name())) {
        seen.add(it.name());
      }
    }
    return seen;
  }

  private String where() {
    return path.isEmpty() ? "the configuration" : "'" + path + "'";
  }

}
