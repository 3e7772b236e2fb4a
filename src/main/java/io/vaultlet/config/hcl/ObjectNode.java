package io.vaultlet.config.hcl;

import java.util.ArrayList;
import java.util.List;

/**
 * An object body ({@code { … }} or a whole file): its items in source order. A key may repeat; HCL1 then means a list.
 */
public record ObjectNode(Position position, List<Item> items) implements Node {

  public ObjectNode {
    items = List.copyOf(items);
  }

  /** The items whose first key is {@code name}, in source order. */
  public List<Item> items(String name) {
    List<Item> out = new ArrayList<>();
    for (Item item : items) {
      if (item.name().equals(name)) {
        out.add(item);
      }
    }
    return out;
  }
}
