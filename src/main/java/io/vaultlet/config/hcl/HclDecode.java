package io.vaultlet.config.hcl;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts a parsed file to plain Java values as Go's {@code hcl.Decode(&out, text)} does with
 * {@code var out map[string]interface{}}: objects become {@code Map<String, Object>}, lists {@code List<Object>},
 * literals {@link String}, {@link Long}, {@link Double} or {@link Boolean}. The library's shape rules apply:
 * <ul>
 *   <li>a block or object value under a key becomes a list of maps ({@code vault { }} is {@code vault: [{}]}), while an
 *       object inside a list literal stays a map;</li>
 *   <li>labels nest: {@code method "aws" { }} is {@code method: [{aws: [{}]}]}, and all labelled blocks of a name
 *       (compared case-insensitively) are gathered into one list;</li>
 *   <li>a repeated key appends to a list (blocks, list literals) or replaces a scalar of the same type.</li>
 * </ul>
 * Where the library fails to decode (a key used both with and without labels, a key repeated with another type),
 * this throws {@link HclParseException} at the offending item. docs/hcl.md lists the few known differences.
 */
public final class HclDecode {

  /** Go's {@code []map[string]interface{}} while decoding: a list whose elements must be objects. */
  private static final class BlockList extends ArrayList<Object> {
    private static final long serialVersionUID = 1L;
  }

  /** An {@code ast.ObjectItem} as the decoder sees it, possibly with leading keys already stripped by a filter. */
  private record GoItem(List<Item.Key> keys, Node value, Position position) {}

  /** An {@code ast.ObjectList}: the items of an object body, or the items a filter selected. */
  private record GoList(List<GoItem> items, Position position) {}

  private HclDecode() {}

  /** The file as {@code map[string]interface{}} would hold it. */
  public static Map<String, Object> toGeneric(ObjectNode root) {
    Map<String, Object> out = new LinkedHashMap<>();
    decodeMap("root", list(root), out);
    @SuppressWarnings("unchecked")
    Map<String, Object> plain = (Map<String, Object>) plain(out);
    return plain;
  }

  private static GoList list(ObjectNode object) {
    List<GoItem> items = new ArrayList<>(object.items().size());
    for (Item item : object.items()) {
      items.add(new GoItem(item.keys(), item.value(), item.position()));
    }
    return new GoList(items, object.position());
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The decoder: one method per Go decoder function that applies to interface{} targets

  /** Decodes {@code node} into a slot that holds {@code old} (null when empty); returns the slot's new value. */
  private static Object decode(String name, Object node, Object old, boolean directlyInList) {
    if (old == null) {
      return decodeInterface(name, node, directlyInList);
    }
    if (old instanceof BlockList blocks) {
      decodeSlice(name, node, blocks, true);
      return blocks;
    }
    if (old instanceof List<?>) {
      @SuppressWarnings("unchecked")
      List<Object> values = (List<Object>) old;
      decodeSlice(name, node, values, false);
      return values;
    }
    if (old instanceof Map<?, ?>) {
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) old;
      decodeMap(name, node, map);
      return map;
    }
    LiteralNode literal = node instanceof LiteralNode l ? l : null;
    LiteralNode.Kind kind = literal == null ? null : literal.kind();
    if (old instanceof Boolean && kind == LiteralNode.Kind.BOOL) {
      return literal.value();
    }
    if (old instanceof Double && (kind == LiteralNode.Kind.FLOAT || kind == LiteralNode.Kind.NUMBER)) {
      return ((Number) literal.value()).doubleValue();
    }
    if (old instanceof Long && kind == LiteralNode.Kind.NUMBER) {
      return literal.value();
    }
    if (old instanceof Long && kind == LiteralNode.Kind.STRING) {
      try {
        return HclNumbers.parseInt((String) literal.value());
      } catch (HclStrings.BadLiteral e) {
        throw error(position(node), name + " was first a number, so the repeated value "
            + quote((String) literal.value()) + " must be a number too");
      }
    }
    if (old instanceof String && kind == LiteralNode.Kind.NUMBER) {
      return literal.value().toString();
    }
    if (old instanceof String && (kind == LiteralNode.Kind.STRING || kind == LiteralNode.Kind.HEREDOC)) {
      return literal.value();
    }
    throw error(position(node), name + " is repeated with another type: first " + describe(old) + ", then "
        + describe(node));
  }

  private static Object decodeInterface(String name, Object node, boolean directlyInList) {
    Object test = node instanceof ObjectNode object ? list(object) : node;
    if (test instanceof GoList) {
      if (directlyInList) {
        Map<String, Object> map = new LinkedHashMap<>();
        decodeMap(name, node, map);
        return map;
      }
      BlockList blocks = new BlockList();
      decodeSlice(name, node, blocks, true);
      return blocks;
    }
    if (test instanceof ListNode) {
      List<Object> values = new ArrayList<>();
      decodeSlice(name, node, values, false);
      return values;
    }
    if (test instanceof LiteralNode literal) {
      return literal.value();
    }
    throw error(position(node), name + ": a labelled block cannot be an element of a list");
  }

  private static void decodeMap(String name, Object node, Map<String, Object> out) {
    GoList list;
    if (node instanceof GoItem item) {
      list = new GoList(List.of(item), item.position());
    } else if (node instanceof ObjectNode object) {
      list = list(object);
    } else if (node instanceof GoList l) {
      list = l;
    } else {
      throw error(position(node), name + " must be a block or object, not " + describe(node));
    }
    Set<String> done = new HashSet<>();
    for (GoItem item : list.items()) {
      if (item.keys().isEmpty()) {
        throw error(item.position(), name
            + ": cannot mix a block without labels (or a plain value) with labelled blocks of the same name");
      }
      String key = item.keys().get(0).text();
      if (done.contains(key)) {
        continue;
      }
      Object value = item.value();
      if (item.keys().size() > 1) {
        value = filter(list, key);
        done.add(key);
      }
      String field = name + "." + key;
      out.put(key, decode(field, value, out.get(key), false));
    }
  }

  /** Go's {@code ObjectList.Filter(key)}: the items whose first key matches (ignoring case), that key stripped. */
  private static GoList filter(GoList list, String key) {
    List<GoItem> matches = new ArrayList<>();
    for (GoItem item : list.items()) {
      if (!item.keys().isEmpty() && item.keys().get(0).text().equalsIgnoreCase(key)) {
        matches.add(new GoItem(item.keys().subList(1, item.keys().size()), item.value(), item.position()));
      }
    }
    return new GoList(matches, matches.isEmpty() ? list.position() : matches.get(0).position());
  }

  private static void decodeSlice(String name, Object node, List<Object> out, boolean elementsAreMaps) {
    List<?> items;
    if (node instanceof GoList list) {
      items = list.items();
    } else if (node instanceof ObjectNode) {
      items = List.of(node);
    } else if (node instanceof ListNode listNode) {
      items = listNode.elements();
    } else {
      throw error(position(node), name + " was first a list or block, so it cannot be repeated as "
          + describe(node));
    }
    for (Object item : items) {
      String element = name + "[" + out.size() + "]";
      if (elementsAreMaps) {
        Map<String, Object> map = new LinkedHashMap<>();
        decodeMap(element, item, map);
        out.add(map);
      } else {
        out.add(decode(element, item, null, true));
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Helpers

  private static Object plain(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put((String) k, plain(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(plain(v)));
      return out;
    }
    return value;
  }

  private static Position position(Object node) {
    if (node instanceof Node n) {
      return n.position();
    }
    if (node instanceof GoItem item) {
      return item.position();
    }
    return ((GoList) node).position();
  }

  private static String describe(Object valueOrNode) {
    if (valueOrNode instanceof LiteralNode literal) {
      return switch (literal.kind()) {
        case STRING, HEREDOC -> "a string";
        case NUMBER -> "a number";
        case FLOAT -> "a float";
        case BOOL -> "a bool";
      };
    }
    if (valueOrNode instanceof ObjectNode || valueOrNode instanceof GoList || valueOrNode instanceof GoItem
        || valueOrNode instanceof Map<?, ?> || valueOrNode instanceof BlockList) {
      return "a block";
    }
    if (valueOrNode instanceof ListNode || valueOrNode instanceof List<?>) {
      return "a list";
    }
    if (valueOrNode instanceof String) {
      return "a string";
    }
    if (valueOrNode instanceof Long) {
      return "a number";
    }
    if (valueOrNode instanceof Double) {
      return "a float";
    }
    return "a bool";
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static HclParseException error(Position at, String message) {
    String shown = message.startsWith("root.") ? message.substring(5) : message;
    return new HclParseException(at, shown);
  }
}
