package io.vaultlet.config.hcl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * HCL1-JSON, following the Go library's {@code json/parser}: the root must be an object; an object ends at the first
 * token after an item that is not a comma (the library does not check for '}', and ignores what follows the root);
 * {@code null} reads as an empty string; booleans and nested lists inside a list are skipped, as the library skips
 * them. The result is then flattened the way the library makes JSON look like HCL blocks: an object whose values are
 * all objects, or a list of objects, becomes items with more keys ({@code {"method": {"aws": {…}}}} reads as
 * {@code method "aws" {…}}).
 */
final class HclJsonParser {

  private static final class EndOfInput extends Exception {
    private static final long serialVersionUID = 1L;

    EndOfInput() {
      super(null, null, false, false);
    }
  }

  private static final class SyntaxError extends Exception {
    private static final long serialVersionUID = 1L;
    final Token at;

    SyntaxError(Token at, String message) {
      super(message, null, false, false);
      this.at = at;
    }
  }

  private record ItemsResult(List<Item> items, SyntaxError error) {}

  private final String file;
  private final HclJsonScanner scanner;
  private final NestingDepth depth = new NestingDepth();
  private Token tok = new Token(Token.Type.ILLEGAL, "", 1, 1);
  private boolean buffered;
  private HclParseException literalError;

  private HclJsonParser(String file, String text) {
    this.file = file;
    this.scanner = new HclJsonScanner(text);
  }

  static ObjectNode parse(String file, String text) {
    HclJsonParser parser = new HclJsonParser(file, text);
    ObjectNode root = null;
    SyntaxError error = null;
    try {
      root = parser.root();
    } catch (SyntaxError e) {
      error = e;
    } catch (EndOfInput e) {
      error = new SyntaxError(parser.tok, "expected a JSON object, found end of file");
    } catch (HclJsonScanner.Crash e) {
      throw new HclParseException(new Position(file, e.line, e.column), e.getMessage());
    }
    RuneScanner.LexError lexError = parser.scanner.error();
    if (lexError != null) {
      throw new HclParseException(new Position(file, lexError.line(), lexError.column()), lexError.message());
    }
    if (error != null) {
      throw new HclParseException(parser.position(error.at), error.getMessage());
    }
    if (parser.literalError != null) {
      throw parser.literalError;
    }
    return new ObjectNode(new Position(file, 1, 1), flatten(root.items()));
  }

  // -----------------------------------------------------------------------------------------------------------------
  // Grammar

  private ObjectNode root() throws SyntaxError, EndOfInput {
    Token t = scan();
    return switch (t.type()) {
      case LBRACE -> objectType();
      case EOF -> throw new EndOfInput();
      default -> throw new SyntaxError(t, "expected a JSON object, found " + t.describe());
    };
  }

  private ItemsResult objectList() {
    List<Item> items = new ArrayList<>();
    while (true) {
      try {
        items.add(objectItem());
      } catch (EndOfInput e) {
        break;
      } catch (SyntaxError e) {
        return new ItemsResult(items, e);
      }
      if (scan().type() != Token.Type.COMMA) {
        break;
      }
    }
    return new ItemsResult(items, null);
  }

  private Item objectItem() throws SyntaxError, EndOfInput {
    List<Token> keys = objectKey();
    int labels = keys.size() - 1;
    Node value;
    depth.enter(position(keys.get(0)), labels);
    try {
      value = objectValue();
    } finally {
      depth.leave(labels);
    }
    List<Item.Key> itemKeys = new ArrayList<>(keys.size());
    for (Token key : keys) {
      itemKeys.add(new Item.Key(position(key), unquote(key), true));
    }
    return new Item(itemKeys.get(0).position(), itemKeys, value, true);
  }

  private List<Token> objectKey() throws SyntaxError, EndOfInput {
    List<Token> keys = new ArrayList<>();
    while (true) {
      Token t = scan();
      switch (t.type()) {
        case EOF:
          throw new EndOfInput();
        case STRING:
          keys.add(t);
          break;
        case COLON:
          if (keys.isEmpty()) {
            throw new SyntaxError(t, "expected a string key before ':'");
          }
          return keys;
        case ILLEGAL:
          throw new SyntaxError(t, "illegal character");
        default:
          throw new SyntaxError(t, "expected a string key, found " + t.describe());
      }
    }
  }

  private Node objectValue() throws SyntaxError, EndOfInput {
    Token t = scan();
    return switch (t.type()) {
      case NUMBER, FLOAT, BOOL, NULL, STRING -> literal(t);
      case LBRACE -> objectType();
      case LBRACK -> listType();
      case EOF -> throw new EndOfInput();
      default -> throw new SyntaxError(t, "expected a JSON value, found " + t.describe());
    };
  }

  private ObjectNode objectType() throws SyntaxError {
    depth.enter(position(tok), 1);
    try {
      return objectBody();
    } finally {
      depth.leave(1);
    }
  }

  private ObjectNode objectBody() throws SyntaxError {
    Token lbrace = tok;
    ItemsResult result = objectList();
    if (result.error() != null && tok.type() != Token.Type.RBRACE) {
      throw result.error();
    }
    return new ObjectNode(position(lbrace), result.items());
  }

  private ListNode listType() throws SyntaxError {
    depth.enter(position(tok), 1);
    try {
      return listBody();
    } finally {
      depth.leave(1);
    }
  }

  private ListNode listBody() throws SyntaxError {
    Token lbrack = tok;
    List<Node> elements = new ArrayList<>();
    while (true) {
      Token t = scan();
      switch (t.type()) {
        case NUMBER, FLOAT, STRING -> elements.add(literal(t));
        case LBRACE -> elements.add(objectType());
        case COMMA, BOOL, LBRACK -> {
          // the Go library skips booleans and the '[' of nested lists inside a list
        }
        case RBRACK -> {
          return new ListNode(position(lbrack), elements);
        }
        default -> throw new SyntaxError(t, "expected a list element or ']', found " + t.describe());
      }
    }
  }

  // -----------------------------------------------------------------------------------------------------------------
  // Flattening: JSON objects of objects and lists of objects become HCL-style items with several keys

  private static List<Item> flatten(List<Item> items) {
    List<Item> out = new ArrayList<>(items.size());
    List<Item> frontier = new ArrayList<>(items);
    while (!frontier.isEmpty()) {
      Item item = frontier.remove(frontier.size() - 1);
      if (item.value() instanceof ObjectNode object && !object.items().isEmpty()
          && object.items().stream().allMatch(sub -> sub.value() instanceof ObjectNode)) {
        for (Item sub : object.items()) {
          List<Item.Key> keys = new ArrayList<>(item.keys());
          keys.addAll(sub.keys());
          frontier.add(new Item(item.position(), keys, sub.value(), item.assigned()));
        }
      } else if (item.value() instanceof ListNode list && !list.elements().isEmpty()
          && list.elements().stream().allMatch(e -> e instanceof ObjectNode)) {
        for (Node element : list.elements()) {
          frontier.add(new Item(item.position(), item.keys(), element, item.assigned()));
        }
      } else {
        out.add(item);
      }
    }
    Collections.reverse(out);
    List<Item> result = new ArrayList<>(out.size());
    for (Item item : out) {
      result.add(new Item(item.position(), item.keys(), flatten(item.value()), item.assigned()));
    }
    return result;
  }

  private static Node flatten(Node node) {
    if (node instanceof ObjectNode object) {
      return new ObjectNode(object.position(), flatten(object.items()));
    }
    if (node instanceof ListNode list) {
      return new ListNode(list.position(), list.elements().stream().map(HclJsonParser::flatten).toList());
    }
    return node;
  }

  // -----------------------------------------------------------------------------------------------------------------
  // Tokens and literals

  private Token scan() {
    if (buffered) {
      buffered = false;
      return tok;
    }
    tok = scanner.scan();
    return tok;
  }

  private Position position(Token t) {
    return new Position(file, t.line(), t.column());
  }

  private String unquote(Token t) {
    try {
      return HclStrings.unquoteGo(t.text());
    } catch (HclStrings.BadLiteral e) {
      if (literalError == null) {
        literalError = new HclParseException(position(t), "invalid string " + t.text() + ": " + e.getMessage());
      }
      return t.text();
    }
  }

  private LiteralNode literal(Token t) {
    Position at = position(t);
    try {
      return switch (t.type()) {
        case STRING -> new LiteralNode(at, LiteralNode.Kind.STRING, HclStrings.unquoteGo(t.text()));
        case NULL -> new LiteralNode(at, LiteralNode.Kind.STRING, "");
        case BOOL -> new LiteralNode(at, LiteralNode.Kind.BOOL, Boolean.valueOf(t.text()));
        case NUMBER -> new LiteralNode(at, LiteralNode.Kind.NUMBER, HclNumbers.parseInt(t.text()));
        case FLOAT -> new LiteralNode(at, LiteralNode.Kind.FLOAT, HclNumbers.parseFloat(t.text()));
        default -> throw new IllegalStateException("not a literal: " + t);
      };
    } catch (HclStrings.BadLiteral e) {
      if (literalError == null) {
        literalError = new HclParseException(at, e.getMessage());
      }
      return new LiteralNode(at, LiteralNode.Kind.STRING, t.text());
    }
  }
}
