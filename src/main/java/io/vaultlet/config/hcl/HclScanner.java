package io.vaultlet.config.hcl;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The HCL1 lexer. It follows the Go library's scanner ({@code hcl/scanner}) step by step, including its recovery:
 * a lexical error is recorded and scanning goes on, and the last recorded error is the one reported, at the position
 * of the last character read. Positions count code points, as Go counts runes.
 */
final class HclScanner {

  /** End of input; as in Go, a NUL character also reads as end of input (after an error). */
  private static final int EOF = 0;

  private final int[] src;
  /** Index of the next code point, and the line and column of the last one read (column 0 right after a newline). */
  private int offset;
  private int line = 1;
  private int column;
  /** The position before the last read, restored by {@link #unread()}. */
  private int prevOffset;
  private int prevLine = 1;
  private int prevColumn;
  /** 1 after reading a character, 0 after reading past the end (then the column still advances, as in Go). */
  private int lastCharLen;
  /** Length of the previous line, to place a token or error that ends on a newline. */
  private int lastLineLen;

  private LexError error;

  /** A lexical error with the position the Go scanner reports for it. */
  record LexError(int line, int column, String message) {}

  HclScanner(String text) {
    this.src = text.codePoints().toArray();
  }

  /** The last lexical error seen so far, or null. */
  LexError error() {
    return error;
  }

  Token scan() {
    int ch = next();
    while (isWhitespace(ch)) {
      ch = next();
    }
    int tokStart = offset - lastCharLen;
    int tokLine;
    int tokColumn;
    if (column > 0) {
      tokLine = line;
      tokColumn = column;
    } else {
      tokLine = line - 1;
      tokColumn = lastLineLen;
    }

    Token.Type type = Token.Type.ILLEGAL;
    if (isLetter(ch)) {
      String ident = scanIdentifier();
      type = ident.equals("true") || ident.equals("false") ? Token.Type.BOOL : Token.Type.IDENT;
    } else if (isDecimal(ch)) {
      type = scanNumber(ch);
    } else {
      switch (ch) {
        case EOF -> type = Token.Type.EOF;
        case '"' -> {
          type = Token.Type.STRING;
          scanString();
        }
        case '#', '/' -> {
          type = Token.Type.COMMENT;
          scanComment(ch);
        }
        case '.' -> {
          type = Token.Type.PERIOD;
          int peeked = peek();
          if (isDecimal(peeked)) {
            type = Token.Type.FLOAT;
            int c = scanMantissa(peeked);
            scanExponent(c);
          }
        }
        case '<' -> {
          type = Token.Type.HEREDOC;
          scanHeredoc();
        }
        case '[' -> type = Token.Type.LBRACK;
        case ']' -> type = Token.Type.RBRACK;
        case '{' -> type = Token.Type.LBRACE;
        case '}' -> type = Token.Type.RBRACE;
        case ',' -> type = Token.Type.COMMA;
        case '=' -> type = Token.Type.ASSIGN;
        case '+' -> type = Token.Type.ADD;
        case '-' -> {
          if (isDecimal(peek())) {
            type = scanNumber(next());
          } else {
            type = Token.Type.SUB;
          }
        }
        default -> error("illegal character " + describeChar(ch));
      }
    }
    String text = tokStart >= 0 && tokStart <= offset ? new String(src, tokStart, offset - tokStart) : "";
    return new Token(type, text, tokLine, tokColumn);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Reading characters

  private int next() {
    if (offset >= src.length) {
      column++;
      lastCharLen = 0;
      return EOF;
    }
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
    if (ch == 0) {
      error("unexpected null character (0x00)");
      return EOF;
    }
    if (ch == 0xE123) {
      error("unicode code point U+E123 reserved for internal use");
      return 0xFFFD;
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

  // ---------------------------------------------------------------------------------------------------------------
  // Token kinds

  private String scanIdentifier() {
    int start = offset - lastCharLen;
    int ch = next();
    while (isLetter(ch) || isDigit(ch) || ch == '-' || ch == '.') {
      ch = next();
    }
    if (ch != EOF) {
      unread();
    }
    return new String(src, start, offset - start);
  }

  private void scanComment(int first) {
    int ch = first;
    if (ch == '#' || peek() != '*') {
      if (ch == '/' && peek() != '/') {
        error("expected '/' for comment");
        return;
      }
      ch = next();
      while (ch != '\n' && ch != EOF) {
        ch = next();
      }
      if (ch != EOF) {
        unread();
      }
      return;
    }
    next(); // the '*'
    ch = next();
    while (true) {
      if (ch == EOF) {
        error("comment not terminated: '/*' has no closing '*/'");
        break;
      }
      int before = ch;
      ch = next();
      if (before == '*' && ch == '/') {
        break;
      }
    }
  }

  private Token.Type scanNumber(int first) {
    int ch = first;
    if (ch == '0') {
      ch = next();
      if (ch == 'x' || ch == 'X') {
        ch = next();
        boolean found = false;
        while (isHexadecimal(ch)) {
          ch = next();
          found = true;
        }
        if (!found) {
          error("illegal hexadecimal number");
        }
        if (ch != EOF) {
          unread();
        }
        return Token.Type.NUMBER;
      }
      boolean illegalOctal = false;
      while (isDecimal(ch)) {
        ch = next();
        if (ch == '8' || ch == '9') {
          illegalOctal = true;
        }
      }
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
      if (illegalOctal) {
        error("illegal octal number");
      }
      if (ch != EOF) {
        unread();
      }
      return Token.Type.NUMBER;
    }

    scanMantissa(ch);
    ch = next();
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
    return Token.Type.NUMBER;
  }

  /** Reads decimal digits; returns the first non-digit, which is put back if any digit was read. */
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
    if (ch == '.') {
      return scanMantissa(peek());
    }
    return ch;
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

  private void scanHeredoc() {
    if (next() != '<') {
      error("heredoc expected second '<', didn't see it");
      return;
    }
    int anchorStart = offset;
    int ch = next();
    if (ch == '-') {
      ch = next();
    }
    while (isLetter(ch) || isDigit(ch)) {
      ch = next();
    }
    if (ch == EOF) {
      error("heredoc not terminated");
      return;
    }
    if (ch == '\r' && peek() == '\n') {
      ch = next();
    }
    if (ch != '\n') {
      error("invalid characters in heredoc anchor");
      return;
    }
    String anchor = new String(src, anchorStart, offset - lastCharLen - anchorStart);
    if (anchor.isEmpty() || anchor.equals("-")) {
      error("zero-length heredoc anchor");
      return;
    }
    String name = anchor.startsWith("-") ? anchor.substring(1) : anchor;
    Pattern terminator = Pattern.compile("[ \\t\\n\\x0B\\f\\r]*" + Pattern.quote(name) + "\\r*");
    int anchorBytes = utf8Length(anchor);

    int lineStart = offset;
    while (true) {
      ch = next();
      if (ch == '\n') {
        String lineText = new String(src, lineStart, offset - lastCharLen - lineStart);
        if (utf8Length(lineText) >= anchorBytes && terminator.matcher(lineText).matches()) {
          break;
        }
        lineStart = offset;
      }
      if (ch == EOF) {
        error("heredoc not terminated: no line with the closing anchor " + name);
        return;
      }
    }
  }

  private void scanString() {
    int braces = 0;
    while (true) {
      int ch = next();
      if ((ch == '\n' && braces == 0) || ch == EOF) {
        error("unterminated string: missing closing '\"'");
        return;
      }
      if (ch == '"' && braces == 0) {
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
      if (ch == EOF) {
        break;
      }
      n--;
    }
    if (n > 0) {
      error("illegal escape sequence in string");
    }
    if (n != count && ch != EOF) {
      unread();
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Errors and character classes

  /** Records an error at the last character read (the Go scanner's {@code recentPosition}). */
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
    error = new LexError(errLine, errColumn, message);
  }

  private static String describeChar(int ch) {
    if (ch < 0x20 || ch == 0x7F || !Character.isDefined(ch) || Character.isWhitespace(ch) || ch == 0xFEFF) {
      return String.format("U+%04X", ch);
    }
    return "'" + new String(Character.toChars(ch)) + "'";
  }

  static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  static boolean isLetter(int ch) {
    return 'a' <= ch && ch <= 'z' || 'A' <= ch && ch <= 'Z' || ch == '_' || ch >= 0x80 && Character.isLetter(ch);
  }

  static boolean isDigit(int ch) {
    return '0' <= ch && ch <= '9' || ch >= 0x80 && Character.isDigit(ch);
  }

  private static boolean isDecimal(int ch) {
    return '0' <= ch && ch <= '9';
  }

  private static boolean isHexadecimal(int ch) {
    return '0' <= ch && ch <= '9' || 'a' <= ch && ch <= 'f' || 'A' <= ch && ch <= 'F';
  }

  private static boolean isWhitespace(int ch) {
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
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
