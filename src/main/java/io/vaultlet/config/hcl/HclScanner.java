package io.vaultlet.config.hcl;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The HCL1 lexer. It follows the Go library's scanner ({@code hcl/scanner}) step by step, including its recovery:
 * a lexical error is recorded and scanning goes on, and the last recorded error is the one reported, at the position
 * of the last character read. What it shares with the JSON dialect lives in {@link RuneScanner}.
 */
final class HclScanner extends RuneScanner {

  HclScanner(String text) {
    super(text);
  }

  Token scan() {
    int ch = startToken();
    Token.Type type = Token.Type.ILLEGAL;
    if (isLetter(ch)) {
      String ident = scanIdentifier(c -> isLetter(c) || isDigit(c) || c == '-' || c == '.');
      type = ident.equals("true") || ident.equals("false") ? Token.Type.BOOL : Token.Type.IDENT;
    } else if (isDecimal(ch)) {
      type = scanNumber(ch);
    } else {
      switch (ch) {
        case EOF -> type = Token.Type.EOF;
        case '"' -> {
          type = Token.Type.STRING;
          scanString(true);
        }
        case '#', '/' -> {
          type = Token.Type.COMMENT;
          scanComment(ch);
        }
        case '.' -> type = scanPeriod();
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
    return finishToken(type);
  }

  /** As in Go, a NUL character reads as end of input (after an error), and U+E123 is reserved. */
  @Override
  int decoded(int ch) {
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

  // ---------------------------------------------------------------------------------------------------------------
  // Token kinds

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
      if (scanFloatTail(ch)) {
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
    if (scanFloatTail(ch)) {
      return Token.Type.FLOAT;
    }
    if (ch != EOF) {
      unread();
    }
    return Token.Type.NUMBER;
  }

  private void scanHeredoc() {
    if (next() != '<') {
      error("heredoc expected second '<', didn't see it");
      return;
    }
    int anchorStart = offset();
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
    String anchor = text(anchorStart, offset() - lastCharLen());
    if (anchor.isEmpty() || anchor.equals("-")) {
      error("zero-length heredoc anchor");
      return;
    }
    String name = anchor.startsWith("-") ? anchor.substring(1) : anchor;
    Pattern terminator = Pattern.compile("[ \\t\\n\\x0B\\f\\r]*" + Pattern.quote(name) + "\\r*");
    int anchorBytes = utf8Length(anchor);

    int lineStart = offset();
    while (true) {
      ch = next();
      if (ch == '\n') {
        String lineText = text(lineStart, offset() - lastCharLen());
        if (utf8Length(lineText) >= anchorBytes && terminator.matcher(lineText).matches()) {
          break;
        }
        lineStart = offset();
      }
      if (ch == EOF) {
        error("heredoc not terminated: no line with the closing anchor " + name);
        return;
      }
    }
  }

  @Override
  void scanDigits(int first, int base, int count) {
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
  // Character classes

  private static String describeChar(int ch) {
    if (ch < 0x20 || ch == 0x7F || !Character.isDefined(ch) || Character.isWhitespace(ch) || ch == 0xFEFF) {
      return String.format("U+%04X", ch);
    }
    return "'" + new String(Character.toChars(ch)) + "'";
  }

  static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static boolean isHexadecimal(int ch) {
    return '0' <= ch && ch <= '9' || 'a' <= ch && ch <= 'f' || 'A' <= ch && ch <= 'F';
  }
}
