package io.vaultlet.config.hcl;

import java.util.function.IntPredicate;

/**
 * What the HCL1 scanner ({@link HclScanner}) and the HCL1-JSON scanner ({@link HclJsonScanner}) share, as the Go
 * library's {@code hcl/scanner} and {@code json/scanner} do: reading code points with Go's position bookkeeping
 * (one step of unread), token start and text, the number pieces (mantissa, fraction, exponent), strings and their
 * escapes, and the error recovery (an error is recorded at the last character read and scanning goes on; the last one
 * recorded is the one reported). Positions count code points, as Go counts runes.
 */
abstract class RuneScanner {

  /** End of input (and, in HCL, what a NUL character reads as). */
  static final int EOF = 0;

  /** A lexical error with the position the Go scanner reports for it. */
  record LexError(int line, int column, String message) {}

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
  /** Whether the last read was past the end of input. */
  private boolean lastReadFailed;
  private int tokStart;
  private int tokLine;
  private int tokColumn;
  private LexError error;

  RuneScanner(String text) {
    this.src = text.codePoints().toArray();
  }

  /** The last lexical error seen so far, or null. */
  final LexError error() {
    return error;
  }

  /** What a character read from the source reads as; HCL overrides it for NUL and its reserved code point. */
  int decoded(int ch) {
    return ch;
  }

  /** The digits of an octal, hex or unicode escape in a string; the two dialects differ at end of input. */
  abstract void scanDigits(int first, int base, int count);

  // ---------------------------------------------------------------------------------------------------------------
  // Reading characters

  final int next() {
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
    return decoded(ch);
  }

  final void unread() {
    offset = prevOffset;
    line = prevLine;
    column = prevColumn;
  }

  final int peek() {
    return offset < src.length ? src[offset] : EOF;
  }

  final int offset() {
    return offset;
  }

  final int line() {
    return line;
  }

  final int column() {
    return column;
  }

  final int lastCharLen() {
    return lastCharLen;
  }

  final boolean lastReadFailed() {
    return lastReadFailed;
  }

  /** The source text from code point {@code start} up to {@code end}. */
  final String text(int start, int end) {
    return new String(src, start, end - start);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Tokens

  /** Skips white space, marks where the next token starts, and returns its first character. */
  final int startToken() {
    int ch = next();
    while (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
      ch = next();
    }
    tokStart = offset - lastCharLen;
    if (column > 0) {
      tokLine = line;
      tokColumn = column;
    } else {
      tokLine = line - 1;
      tokColumn = lastLineLen;
    }
    return ch;
  }

  /** The token read since {@link #startToken()}. */
  final Token finishToken(Token.Type type) {
    String text = tokStart >= 0 && tokStart <= offset ? text(tokStart, offset) : "";
    return new Token(type, text, tokLine, tokColumn);
  }

  /** An identifier whose first character was just read; {@code part} says which characters may follow. */
  final String scanIdentifier(IntPredicate part) {
    int start = offset - lastCharLen;
    int ch = next();
    while (part.test(ch)) {
      ch = next();
    }
    if (ch != EOF) {
      unread();
    }
    return text(start, offset);
  }

  /** After a '.': a float such as {@code .5e3} when a digit follows, else a period. */
  final Token.Type scanPeriod() {
    int peeked = peek();
    if (!isDecimal(peeked)) {
      return Token.Type.PERIOD;
    }
    scanExponent(scanMantissa(peeked));
    return Token.Type.FLOAT;
  }

  /**
   * After a number's integer digits, {@code ch} being the character after them: scans an exponent or a fraction (and
   * its exponent) and says whether there was one, which makes the number a float.
   */
  final boolean scanFloatTail(int ch) {
    if (ch == 'e' || ch == 'E') {
      scanExponent(ch);
      return true;
    }
    if (ch == '.') {
      int after = scanFraction(ch);
      if (after == 'e' || after == 'E') {
        scanExponent(next());
      }
      return true;
    }
    return false;
  }

  /** Reads decimal digits; returns the first non-digit, which is put back if any digit was read. */
  final int scanMantissa(int first) {
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

  /**
   * A quoted string whose opening quote was just read. In HCL ({@code interpolationHidesQuotes}) a newline or quote
   * inside {@code ${…}} does not end it; in JSON either always does.
   */
  final void scanString(boolean interpolationHidesQuotes) {
    int braces = 0;
    while (true) {
      int ch = next();
      boolean literal = braces == 0 || !interpolationHidesQuotes;
      if ((ch == '\n' && literal) || ch == EOF) {
        error("unterminated string: missing closing '\"'");
        return;
      }
      if (ch == '"' && literal) {
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

  // ---------------------------------------------------------------------------------------------------------------
  // Errors and character classes

  /** Records an error at the last character read (the Go scanner's {@code recentPosition}). */
  final void error(String message) {
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

  static boolean isLetter(int ch) {
    return 'a' <= ch && ch <= 'z' || 'A' <= ch && ch <= 'Z' || ch == '_' || ch >= 0x80 && Character.isLetter(ch);
  }

  static boolean isDigit(int ch) {
    return '0' <= ch && ch <= '9' || ch >= 0x80 && Character.isDigit(ch);
  }

  static boolean isDecimal(int ch) {
    return '0' <= ch && ch <= '9';
  }

  static int digitVal(int ch) {
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
