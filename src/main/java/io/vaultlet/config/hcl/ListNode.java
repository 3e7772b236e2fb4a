package io.vaultlet.config.hcl;

import java.util.List;

/** A list literal {@code [a, b, …]}. */
public record ListNode(Position position, List<Node> elements) implements Node {
  public ListNode {
    elements = List.copyOf(elements);
  }
}
