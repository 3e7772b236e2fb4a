package io.vaultlet.config.hcl;

/**
 * The lexer for HCL1-JSON, following the Go library's {@code json/scanner}: JSON tokens only (no comments, no
 * heredocs), {@code true}/{@code false}/{@code null} as the only words, no leading zeros, and the same error
 * recovery as {@link HclScanner} (the last lexical error is the one reported).
 */
final class HclJsonScanner {

  private static final int EOF = 0;

  /** The Go scanner would panic (unread after end of input inside an escape). */
  static final class Crash extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int line;
    final int column;

    Crash(int line, int column) {
      super("unterminated escape sequence at end of input", null, false, false);
      this.line = line;
      this.column = column;
    }
  }

  private final int[] src;
  private int offset;
  private int line = 1;
  private int column;
  private int prevOffset;
  private int prevLine = 1;
  private int prevColumn;
  private int lastCharLen;
  private int lastLineLen;
  private boolean lastReadFailed;
  private HclScanner.LexError error;

  HclJsonScanner(String text) {
    this.src = text.codePoints().toArray();
  }

  HclScanner.LexError error() {
    return error;
  }

  Token scan() {
    int ch = next();
    while (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
      ch = next();
    }
    int tokStart = offset - lastCharLen;
    int tokLine = column > 0 ? line : line - 1;
    int tokColumn = column > 0 ? column : lastLineLen;

    Token.Type type = Token.Type.ILLEGAL;
    if (HclScanner.isLetter(ch)) {
      String word = scanIdentifier();
      switch (word) {
        case "true", "false" -> type = Token.Type.BOOL;
        case "null" -> type = Token.Type.NULL;
        default -> error("illegal word '" + word + "' (only true, false and null are allowed in JSON)");
      }
    } else if (isDecimal(ch)) {
      type = scanNumber(ch);
    } else {
      switch (ch) {
        case EOF -> type = Token.Type.EOF;
        case '"' -> {
          type = Token.Type.STRING;
          scanString();
        }
        case '.' -> {
          type = Token.Type.PERIOD;
          int peeked = peek();
          if (isDecimal(peeked)) {
            type = Token.Type.FLOAT;
            scanExponent(scanMantissa(peeked));
          }
        }
        case '[' -> type = Token.Type.LBRACK;
        case ']' -> type = Token.Type.RBRACK;
        case '{' -> type = Token.Type.LBRACE;
        case '}' -> type = Token.Type.RBRACE;
        case ',' -> type = Token.Type.COMMA;
        case ':' -> type = Token.Type.COLON;
        case '-' -> {
          if (isDecimal(peek())) {
            type = scanNumber(next());
          } else {
            error("illegal character '-'");
          }
        }
        default -> error("illegal character '" + new String(Character.toChars(ch)) + "'");
      }
    }
    String text = tokStart >= 0 && tokStart <= offset ? new String(src, tokStart, offset - tokStart) : "";
    return new Token(type, text, tokLine, tokColumn);
  }

  private int next() {
    if (offset >= src.length) {
      column++;
      lastCharLen = 0;
      lastReadFailed = true;
      return EOF;
    }
    lastReadFailed = false;
    int ch = src[offset];
    prevOffset = offset;
    prevLine = line;
    prevColumn = column;
    column++;
    lastCharLen = 1;
    offset++;
    if (ch == '\n') {
      line++;
      lastLineLen = column;
      column = 0;
    }
    return ch;
  }

  private void unread() {
    offset = prevOffset;
    line = prevLine;
    column = prevColumn;
  }

  private int peek() {
    return offset < src.length ? src[offset] : EOF;
  }

  private String scanIdentifier() {
    int start = offset - lastCharLen;
    int ch = next();
    while (HclScanner.isLetter(ch) || HclScanner.isDigit(ch) || ch == '-') {
      ch = next();
    }
    if (ch != EOF) {
      unread();
    }
    return new String(src, start, offset - start);
  }

  private Token.Type scanNumber(int first) {
    boolean zero = first == '0';
    int startOffset = offset;
    int startLine = line;
    int startColumn = column;
    scanMantissa(first);
    int ch = next();
    if (ch == 'e' || ch == 'E') {
      scanExponent(ch);
      return Token.Type.FLOAT;
    }
    if (ch == '.') {
      ch = scanFraction(ch);
      if (ch == 'e' || ch == 'E') {
        scanExponent(next());
      }
      return Token.Type.FLOAT;
    }
    if (ch != EOF) {
      unread();
    }
    if (zero && (startOffset != offset || startLine != line || startColumn != column)) {
      error("numbers cannot start with 0");
    }
    return Token.Type.NUMBER;
  }

  private int scanMantissa(int first) {
    int ch = first;
    boolean scanned = false;
    while (isDecimal(ch)) {
      ch = next();
      scanned = true;
    }
    if (scanned && ch != EOF) {
      unread();
    }
    return ch;
  }

  private int scanFraction(int ch) {
    return ch == '.' ? scanMantissa(peek()) : ch;
  }

  private int scanExponent(int first) {
    int ch = first;
    if (ch == 'e' || ch == 'E') {
      ch = next();
      if (ch == '-' || ch == '+') {
        ch = next();
      }
      ch = scanMantissa(ch);
    }
    return ch;
  }

  private void scanString() {
    int braces = 0;
    while (true) {
      int ch = next();
      if (ch == '\n' || ch == EOF) {
        error("unterminated string: missing closing '\"'");
        return;
      }
      if (ch == '"') {
        break;
      }
      if (braces == 0 && ch == '$' && peek() == '{') {
        braces++;
        next();
      } else if (braces > 0 && ch == '{') {
        braces++;
      }
      if (braces > 0 && ch == '}') {
        braces--;
      }
      if (ch == '\\') {
        scanEscape();
      }
    }
  }

  private void scanEscape() {
    int ch = next();
    switch (ch) {
      case 'a', 'b', 'f', 'n', 'r', 't', 'v', '\\', '"' -> { }
      case '0', '1', '2', '3', '4', '5', '6', '7' -> scanDigits(ch, 8, 3);
      case 'x' -> scanDigits(next(), 16, 2);
      case 'u' -> scanDigits(next(), 16, 4);
      case 'U' -> scanDigits(next(), 16, 8);
      default -> error("illegal escape sequence in string");
    }
  }

  private void scanDigits(int first, int base, int count) {
    int ch = first;
    int n = count;
    while (n > 0 && digitVal(ch) < base) {
      ch = next();
      n--;
    }
    if (n > 0) {
      error("illegal escape sequence in string");
    }
    if (lastReadFailed) {
      throw new Crash(line, column);
    }
    unread();
  }

  private void error(String message) {
    int errLine;
    int errColumn;
    if (column > 0) {
      errLine = line;
      errColumn = column;
    } else if (lastLineLen > 0) {
      errLine = line - 1;
      errColumn = lastLineLen;
    } else {
      errLine = 1;
      errColumn = 1;
    }
    error = new HclScanner.LexError(errLine, errColumn, message);
  }

  private static boolean isDecimal(int ch) {
    return '0' <= ch && ch <= '9';
  }

  private static int digitVal(int ch) {
    if ('0' <= ch && ch <= '9') {
      return ch - '0';
    } else if ('a' <= ch && ch <= 'f') {
      return ch - 'a' + 10;
    } else if ('A' <= ch && ch <= 'F') {
      return ch - 'A' + 10;
    }
    return 16;
  }
}
