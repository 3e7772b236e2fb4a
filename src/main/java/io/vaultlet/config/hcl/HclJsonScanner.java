package io.vaultlet.config.hcl;

/**
 * The lexer for HCL1-JSON, following the Go library's {@code json/scanner}: JSON tokens only (no comments, no
 * heredocs), {@code true}/{@code false}/{@code null} as the only words, no leading zeros, and the same error
 * recovery as {@link HclScanner} (the last lexical error is the one reported). What the two share lives in
 * {@link RuneScanner}.
 */
final class HclJsonScanner extends RuneScanner {

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

  HclJsonScanner(String text) {
    super(text);
  }

  Token scan() {
    int ch = startToken();
    Token.Type type = Token.Type.ILLEGAL;
    if (isLetter(ch)) {
      String word = scanIdentifier(c -> isLetter(c) || isDigit(c) || c == '-');
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
          scanString(false);
        }
        case '.' -> type = scanPeriod();
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
    return finishToken(type);
  }

  private Token.Type scanNumber(int first) {
    boolean zero = first == '0';
    int startOffset = offset();
    int startLine = line();
    int startColumn = column();
    scanMantissa(first);
    int ch = next();
    if (scanFloatTail(ch)) {
      return Token.Type.FLOAT;
    }
    if (ch != EOF) {
      unread();
    }
    if (zero && (startOffset != offset() || startLine != line() || startColumn != column())) {
      error("numbers cannot start with 0");
    }
    return Token.Type.NUMBER;
  }

  /** Unlike HCL's, Go's JSON scanner unreads even after reading past the end, which panics; see {@link Crash}. */
  @Override
  void scanDigits(int first, int base, int count) {
    int ch = first;
    int n = count;
    while (n > 0 && digitVal(ch) < base) {
      ch = next();
      n--;
    }
    if (n > 0) {
      error("illegal escape sequence in string");
    }
    if (lastReadFailed()) {
      throw new Crash(line(), column());
    }
    unread();
  }
}
