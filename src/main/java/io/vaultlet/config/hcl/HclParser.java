package io.vaultlet.config.hcl;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The HCL1 parser. Its control flow follows the Go library's {@code hcl/parser} so that it accepts and rejects the
 * same inputs and reports errors at the same line and column: a lexical error always wins over a syntax error, an
 * item that ends at end of file is dropped, and a syntax error right before a '}' ends the block quietly.
 * Literal values are converted as the library's decoder converts them; a conversion failure is reported only when
 * the file is otherwise well-formed, because the Go library only meets it when decoding.
 */
final class HclParser {

  /** The Go parser's {@code errEofToken}: end of input where an item could start. */
  private static final class EndOfInput extends Exception {
    private static final long serialVersionUID = 1L;

    EndOfInput() {
      super(null, null, false, false);
    }
  }

  /** A syntax error at a Go-compatible position. */
  private static final class SyntaxError extends Exception {
    private static final long serialVersionUID = 1L;
    final int line;
    final int column;

    SyntaxError(Token at, String message) {
      super(message, null, false, false);
      this.line = at.line();
      this.column = at.column();
    }
  }

  private record ItemsResult(List<Item> items, SyntaxError error) {}

  private record KeysResult(List<Token> keys, Exception error) {}

  private final String file;
  private final HclScanner scanner;
  private final NestingDepth depth = new NestingDepth();
  private Token tok = new Token(Token.Type.ILLEGAL, "", 0, 0);
  private boolean buffered;
  private HclParseException literalError;

  private HclParser(String file, String text) {
    this.file = file;
    this.scanner = new HclScanner(text.replace("\r\n", "\n"));
  }

  static ObjectNode parse(String file, String text) {
    HclParser parser = new HclParser(file, text);
    ItemsResult result = parser.objectList(false);
    RuneScanner.LexError lexError = parser.scanner.error();
    if (lexError != null) {
      throw new HclParseException(new Position(file, lexError.line(), lexError.column()), lexError.message());
    }
    if (result.error() != null) {
      throw parser.exception(result.error());
    }
    if (parser.literalError != null) {
      throw parser.literalError;
    }
    return new ObjectNode(new Position(file, 1, 1), result.items());
  }

  private HclParseException exception(SyntaxError e) {
    return new HclParseException(new Position(file, e.line, e.column), e.getMessage());
  }

  // -----------------------------------------------------------------------------------------------------------------
  // Grammar

  private ItemsResult objectList(boolean inObject) {
    List<Item> items = new ArrayList<>();
    while (true) {
      if (inObject) {
        Token next = scan();
        unscan();
        if (next.type() == Token.Type.RBRACE) {
          break;
        }
      }
      try {
        items.add(objectItem());
      } catch (EndOfInput e) {
        break;
      } catch (SyntaxError e) {
        return new ItemsResult(items, e);
      }
      if (scan().type() != Token.Type.COMMA) {
        unscan();
      }
    }
    return new ItemsResult(items, null);
  }

  private Item objectItem() throws EndOfInput, SyntaxError {
    KeysResult keysResult = objectKey();
    List<Token> keys = keysResult.keys();
    Exception error = keysResult.error();
    if (!keys.isEmpty() && error instanceof EndOfInput) {
      error = null;
    }
    if (!keys.isEmpty() && error != null && tok.type() == Token.Type.RBRACE) {
      error = null;
      tok = new Token(Token.Type.EOF, tok.text(), tok.line(), tok.column());
    }
    if (error instanceof EndOfInput eoi) {
      throw eoi;
    } else if (error instanceof SyntaxError se) {
      throw se;
    }

    Node value;
    boolean assigned;
    int labels = keys.size() - 1;
    depth.enter(position(keys.get(0)), labels);
    try {
      switch (tok.type()) {
        case ASSIGN -> {
          assigned = true;
          value = object();
        }
        case LBRACE -> {
          assigned = false;
          value = objectType();
        }
        default -> {
          // the Go parser turns a '}' here into EOF; the message names what is really there
          String found = tok.text().equals("}") ? "'}'" : tok.describe();
          throw new SyntaxError(tok, "expected '=' or '{' after key "
              + keys.stream().map(Token::text).collect(Collectors.joining(" ")) + ", found " + found);
        }
      }
    } finally {
      depth.leave(labels);
    }
    scan(); // the Go parser looks one token ahead here (for line comments)
    unscan();
    List<Item.Key> itemKeys = new ArrayList<>(keys.size());
    for (Token key : keys) {
      itemKeys.add(new Item.Key(position(key), keyText(key), key.type() == Token.Type.STRING));
    }
    return new Item(itemKeys.get(0).position(), itemKeys, value, assigned);
  }

  private KeysResult objectKey() {
    List<Token> keys = new ArrayList<>();
    while (true) {
      Token t = scan();
      switch (t.type()) {
        case EOF:
          return new KeysResult(keys, new EndOfInput());
        case ASSIGN:
          if (keys.size() > 1) {
            return new KeysResult(List.of(), new SyntaxError(t, "a block with labels ("
                + keys.stream().map(Token::text).collect(Collectors.joining(" "))
                + ") must be followed by '{', not '='"));
          }
          if (keys.isEmpty()) {
            return new KeysResult(List.of(), new SyntaxError(t, "found '=' without a key before it"));
          }
          return new KeysResult(keys, null);
        case LBRACE:
          return new KeysResult(keys, keys.isEmpty() ? new SyntaxError(t, "found '{' without a block name before it")
              : null);
        case IDENT:
        case STRING:
          keys.add(t);
          break;
        case ILLEGAL:
          return new KeysResult(keys, new SyntaxError(t, "illegal character"));
        default:
          return new KeysResult(keys, new SyntaxError(t, "expected a key, '=' or '{', found " + t.describe()));
      }
    }
  }

  private Node object() throws EndOfInput, SyntaxError {
    Token t = scan();
    if (t.type().isLiteral()) {
      return literal(t);
    }
    return switch (t.type()) {
      case LBRACE -> objectType();
      case LBRACK -> listType();
      case EOF -> throw new EndOfInput();
      default -> throw new SyntaxError(t,
          "expected a value (string, number, bool, heredoc, '{' or '['), found " + t.describe());
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
    ItemsResult result = objectList(true);
    if (result.error() != null && tok.type() != Token.Type.RBRACE) {
      throw result.error();
    }
    Token closing = scan();
    if (closing.type() != Token.Type.RBRACE) {
      throw new SyntaxError(closing, "expected '}' to close the block opened at " + lbrace.line() + ":"
          + lbrace.column() + ", found " + closing.describe());
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
    boolean needComma = false;
    while (true) {
      Token t = scan();
      if (needComma && t.type() != Token.Type.COMMA && t.type() != Token.Type.RBRACK) {
        throw new SyntaxError(t, "expected ',' or ']' in the list opened at " + lbrack.line() + ":"
            + lbrack.column() + ", found " + t.describe());
      }
      if (t.type().isLiteral()) {
        elements.add(literal(t));
        needComma = true;
        continue;
      }
      switch (t.type()) {
        case COMMA -> {
          scan(); // look-ahead, as the Go parser does
          unscan();
          needComma = false;
        }
        case LBRACE -> {
          try {
            elements.add(objectType());
          } catch (SyntaxError e) {
            throw new SyntaxError(t, "in the object inside this list: " + e.line + ":" + e.column + ": "
                + e.getMessage());
          }
          needComma = true;
        }
        case LBRACK -> {
          try {
            elements.add(listType());
          } catch (SyntaxError e) {
            throw new SyntaxError(t, "in the list inside this list: " + e.line + ":" + e.column + ": "
                + e.getMessage());
          }
        }
        case RBRACK -> {
          return new ListNode(position(lbrack), elements);
        }
        default -> throw new SyntaxError(t, "expected a list element or ']', found " + t.describe());
      }
    }
  }

  // -----------------------------------------------------------------------------------------------------------------
  // Tokens and literals

  /** The next non-comment token (or the one put back by {@link #unscan()}). */
  private Token scan() {
    if (buffered) {
      buffered = false;
      return tok;
    }
    tok = scanner.scan();
    while (tok.type() == Token.Type.COMMENT) {
      tok = scanner.scan();
    }
    return tok;
  }

  private void unscan() {
    buffered = true;
  }

  private Position position(Token t) {
    return new Position(file, t.line(), t.column());
  }

  private String keyText(Token key) {
    if (key.type() != Token.Type.STRING) {
      return key.text();
    }
    try {
      return HclStrings.unquote(key.text());
    } catch (HclStrings.BadLiteral e) {
      deferLiteralError(key, "invalid quoted key " + key.text() + ": " + e.getMessage());
      return key.text();
    }
  }

  private LiteralNode literal(Token t) {
    Position at = position(t);
    String text = t.text();
    try {
      return switch (t.type()) {
        case STRING -> new LiteralNode(at, LiteralNode.Kind.STRING, HclStrings.unquote(text));
        case HEREDOC -> new LiteralNode(at, LiteralNode.Kind.HEREDOC, HclStrings.heredocValue(text));
        case BOOL -> new LiteralNode(at, LiteralNode.Kind.BOOL, Boolean.valueOf(text));
        case NUMBER -> new LiteralNode(at, LiteralNode.Kind.NUMBER, HclNumbers.parseInt(text));
        case FLOAT -> new LiteralNode(at, LiteralNode.Kind.FLOAT, HclNumbers.parseFloat(text));
        default -> throw new IllegalStateException("not a literal: " + t);
      };
    } catch (HclStrings.BadLiteral e) {
      deferLiteralError(t, e.getMessage());
      return new LiteralNode(at, LiteralNode.Kind.STRING, text);
    }
  }

  private void deferLiteralError(Token t, String message) {
    if (literalError == null) {
      literalError = new HclParseException(position(t), message);
    }
  }
}
