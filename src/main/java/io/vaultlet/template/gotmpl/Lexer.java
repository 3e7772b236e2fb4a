package io.vaultlet.template.gotmpl;

import java.util.ArrayDeque;

/**
 * Go's text/template lexer: turns template text into {@link Item}s on demand (the parser pulls one at a time, so a
 * lexical error surfaces only when the parser reaches it, as in Go). Positions are char offsets into the text.
 */
final class Lexer {

  enum Kind {
    ERROR, BOOL, CHAR, CHAR_CONSTANT, COMMENT, COMPLEX, ASSIGN, DECLARE, EOF, FIELD, IDENTIFIER, LEFT_DELIM,
    LEFT_PAREN, NUMBER, PIPE, RAW_STRING, RIGHT_DELIM, RIGHT_PAREN, SPACE, STRING, TEXT, VARIABLE,
    // keywords
    BLOCK, BREAK, CONTINUE, DOT, DEFINE, ELSE, END, IF, NIL, RANGE, TEMPLATE, WITH;

    boolean isKeyword() {
      return ordinal() >= BLOCK.ordinal();
    }
  }

  /** One lexical item; {@link #toString()} is Go's {@code item.String()}, used in parse errors. */
  record Item(Kind kind, int pos, String val, int line) {
    @Override
    public String toString() {
      if (kind == Kind.EOF) {
        return "EOF";
      }
      if (kind == Kind.ERROR) {
        return val;
      }
      if (kind.isKeyword()) {
        return "<" + val + ">";
      }
      if (GoText.utf8Length(val) > 10) {
        int runes = Math.min(10, val.codePointCount(0, val.length()));
        return GoText.quote(val.substring(0, val.offsetByCodePoints(0, runes))) + "...";
      }
      return GoText.quote(val);
    }
  }

  private enum State { TEXT, LEFT_DELIM, COMMENT, RIGHT_DELIM, INSIDE_ACTION, SPACE, IDENTIFIER, FIELD, VARIABLE,
    CHAR, NUMBER, QUOTE, RAW_QUOTE, DONE }

  private static final int EOF = -1;
  private static final String LEFT_COMMENT = "/*";
  private static final String RIGHT_COMMENT = "*/";

  private final String input;
  private final String leftDelim;
  private final String rightDelim;
  private final boolean breakOk;
  private final boolean continueOk;
  private final ArrayDeque<Item> items = new ArrayDeque<>(2);
  private State state = State.TEXT;
  private int pos;
  private int start;
  private boolean atEof;
  private int parenDepth;
  /** The parser's nesting depth (parentheses and control bodies), shared by the trees parsed from this text. */
  int parseDepth;
  private int line = 1;
  private int startLine = 1;

  Lexer(String input, String leftDelim, String rightDelim, boolean breakOk, boolean continueOk) {
    this.input = input;
    this.leftDelim = leftDelim == null || leftDelim.isEmpty() ? "{{" : leftDelim;
    this.rightDelim = rightDelim == null || rightDelim.isEmpty() ? "}}" : rightDelim;
    this.breakOk = breakOk;
    this.continueOk = continueOk;
  }

  /** The next item; after EOF or an error, Go's zero item (an empty error). */
  Item nextItem() {
    while (items.isEmpty()) {
      if (state == State.DONE) {
        return new Item(Kind.ERROR, 0, "", 0);
      }
      state = step(state);
    }
    return items.poll();
  }

  private State step(State s) {
    return switch (s) {
      case TEXT -> lexText();
      case LEFT_DELIM -> lexLeftDelim();
      case COMMENT -> lexComment();
      case RIGHT_DELIM -> lexRightDelim();
      case INSIDE_ACTION -> lexInsideAction();
      case SPACE -> lexSpace();
      case IDENTIFIER -> lexIdentifier();
      case FIELD -> lexFieldOrVariable(Kind.FIELD);
      case VARIABLE -> atTerminator() ? emitAnd(Kind.VARIABLE, State.INSIDE_ACTION)
          : lexFieldOrVariable(Kind.VARIABLE);
      case CHAR -> lexChar();
      case NUMBER -> lexNumber();
      case QUOTE -> lexQuote();
      case RAW_QUOTE -> lexRawQuote();
      case DONE -> State.DONE;
    };
  }

  // ---- primitive scanning ----

  private int next() {
    if (pos >= input.length()) {
      atEof = true;
      return EOF;
    }
    int r = input.codePointAt(pos);
    pos += Character.charCount(r);
    if (r == '\n') {
      line++;
    }
    return r;
  }

  private int peek() {
    int r = next();
    backup();
    return r;
  }

  private void backup() {
    if (!atEof && pos > 0) {
      int r = input.codePointBefore(pos);
      pos -= Character.charCount(r);
      if (r == '\n') {
        line--;
      }
    }
  }

  private void emit(Kind kind) {
    items.add(new Item(kind, start, input.substring(start, pos), startLine));
    start = pos;
    startLine = line;
  }

  private State emitAnd(Kind kind, State then) {
    emit(kind);
    return then;
  }

  private void ignore() {
    line += countNewlines(start, pos);
    start = pos;
    startLine = line;
  }

  private boolean accept(String valid) {
    int r = next();
    if (r != EOF && valid.indexOf(r) >= 0) {
      return true;
    }
    backup();
    return false;
  }

  private void acceptRun(String valid) {
    int r;
    do {
      r = next();
    } while (r != EOF && valid.indexOf(r) >= 0);
    backup();
  }

  private State errorf(String message) {
    items.add(new Item(Kind.ERROR, start, message, startLine));
    return State.DONE;
  }

  private int countNewlines(int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      if (input.charAt(i) == '\n') {
        n++;
      }
    }
    return n;
  }

  // ---- states ----

  private State lexText() {
    int x = input.indexOf(leftDelim, pos);
    if (x >= 0) {
      int ldn = leftDelim.length();
      pos = x;
      int trimLength = 0;
      if (hasLeftTrimMarker(pos + ldn)) {
        trimLength = rightTrimLength(start, pos);
      }
      pos -= trimLength;
      if (pos > start) {
        line += countNewlines(start, pos);
        emit(Kind.TEXT);
      }
      pos += trimLength;
      ignore();
      return State.LEFT_DELIM;
    }
    pos = input.length();
    if (pos > start) {
      line += countNewlines(start, pos);
      emit(Kind.TEXT);
    }
    emit(Kind.EOF);
    return State.DONE;
  }

  private int rightTrimLength(int from, int to) {
    int i = to;
    while (i > from && isSpace(input.charAt(i - 1))) {
      i--;
    }
    return to - i;
  }

  private int leftTrimLength(int from) {
    int i = from;
    while (i < input.length() && isSpace(input.charAt(i))) {
      i++;
    }
    return i - from;
  }

  private boolean hasLeftTrimMarker(int at) {
    return at + 1 < input.length() && input.charAt(at) == '-' && isSpace(input.charAt(at + 1));
  }

  private boolean hasRightTrimMarker(int at) {
    return at >= 0 && at + 1 < input.length() && isSpace(input.charAt(at)) && input.charAt(at + 1) == '-';
  }

  /** Go's atRightDelim: {delim, trimSpaces}. */
  private boolean atRightDelim() {
    return (hasRightTrimMarker(pos) && input.startsWith(rightDelim, pos + 2)) || input.startsWith(rightDelim, pos);
  }

  private State lexLeftDelim() {
    pos += leftDelim.length();
    boolean trimSpace = hasLeftTrimMarker(pos);
    int afterMarker = trimSpace ? 2 : 0;
    if (input.startsWith(LEFT_COMMENT, pos + afterMarker)) {
      pos += afterMarker;
      ignore();
      return State.COMMENT;
    }
    emit(Kind.LEFT_DELIM);
    pos += afterMarker;
    ignore();
    parenDepth = 0;
    return State.INSIDE_ACTION;
  }

  private State lexComment() {
    pos += LEFT_COMMENT.length();
    int i = input.indexOf(RIGHT_COMMENT, pos);
    if (i < 0) {
      return errorf("unclosed comment");
    }
    pos = i + RIGHT_COMMENT.length();
    boolean trimSpace = hasRightTrimMarker(pos) && input.startsWith(rightDelim, pos + 2);
    boolean delim = trimSpace || input.startsWith(rightDelim, pos);
    if (!delim) {
      return errorf("comment ends before closing delimiter");
    }
    if (trimSpace) {
      pos += 2;
    }
    pos += rightDelim.length();
    if (trimSpace) {
      pos += leftTrimLength(pos);
    }
    ignore();
    return State.TEXT;
  }

  private State lexRightDelim() {
    boolean trimSpace = hasRightTrimMarker(pos);
    if (trimSpace) {
      pos += 2;
      ignore();
    }
    pos += rightDelim.length();
    emit(Kind.RIGHT_DELIM);
    if (trimSpace) {
      pos += leftTrimLength(pos);
      ignore();
    }
    return State.TEXT;
  }

  private State lexInsideAction() {
    if (atRightDelim()) {
      if (parenDepth == 0) {
        return State.RIGHT_DELIM;
      }
      return errorf("unclosed left paren");
    }
    int r = next();
    if (r == EOF) {
      return errorf("unclosed action");
    }
    if (isSpace(r)) {
      backup();
      return State.SPACE;
    }
    switch (r) {
      case '=':
        emit(Kind.ASSIGN);
        return State.INSIDE_ACTION;
      case ':':
        if (next() != '=') {
          return errorf("expected :=");
        }
        emit(Kind.DECLARE);
        return State.INSIDE_ACTION;
      case '|':
        emit(Kind.PIPE);
        return State.INSIDE_ACTION;
      case '"':
        return State.QUOTE;
      case '`':
        return State.RAW_QUOTE;
      case '$':
        return State.VARIABLE;
      case '\'':
        return State.CHAR;
      case '.':
        if (pos < input.length()) {
          char c = input.charAt(pos);
          if (c < '0' || '9' < c) {
            return State.FIELD;
          }
        }
        backup();
        return State.NUMBER;
      case '(':
        emit(Kind.LEFT_PAREN);
        parenDepth++;
        return State.INSIDE_ACTION;
      case ')':
        emit(Kind.RIGHT_PAREN);
        parenDepth--;
        if (parenDepth < 0) {
          return errorf("unexpected right paren " + GoText.unicodeVerb(r));
        }
        return State.INSIDE_ACTION;
      default:
        break;
    }
    if (r == '+' || r == '-' || ('0' <= r && r <= '9')) {
      backup();
      return State.NUMBER;
    }
    if (isAlphaNumeric(r)) {
      backup();
      return State.IDENTIFIER;
    }
    if (r <= 0x7f && GoText.isPrint(r)) {
      emit(Kind.CHAR);
      return State.INSIDE_ACTION;
    }
    return errorf("unrecognized character in action: " + GoText.unicodeVerb(r));
  }

  private State lexSpace() {
    int numSpaces = 0;
    while (true) {
      int r = peek();
      if (r == EOF || !isSpace(r)) {
        break;
      }
      next();
      numSpaces++;
    }
    if (hasRightTrimMarker(pos - 1) && input.startsWith(rightDelim, pos - 1 + 2)) {
      backup();
      if (numSpaces == 1) {
        return State.RIGHT_DELIM;
      }
    }
    emit(Kind.SPACE);
    return State.INSIDE_ACTION;
  }

  private State lexIdentifier() {
    while (true) {
      int r = next();
      if (r != EOF && isAlphaNumeric(r)) {
        continue;
      }
      backup();
      String word = input.substring(start, pos);
      if (!atTerminator()) {
        return errorf("bad character " + GoText.unicodeVerb(r));
      }
      Kind keyword = keyword(word);
      if (keyword != null) {
        if ((keyword == Kind.BREAK && !breakOk) || (keyword == Kind.CONTINUE && !continueOk)) {
          emit(Kind.IDENTIFIER);
        } else {
          emit(keyword);
        }
      } else if (word.charAt(0) == '.') {
        emit(Kind.FIELD);
      } else if (word.equals("true") || word.equals("false")) {
        emit(Kind.BOOL);
      } else {
        emit(Kind.IDENTIFIER);
      }
      return State.INSIDE_ACTION;
    }
  }

  private static Kind keyword(String word) {
    return switch (word) {
      case "." -> Kind.DOT;
      case "block" -> Kind.BLOCK;
      case "break" -> Kind.BREAK;
      case "continue" -> Kind.CONTINUE;
      case "define" -> Kind.DEFINE;
      case "else" -> Kind.ELSE;
      case "end" -> Kind.END;
      case "if" -> Kind.IF;
      case "range" -> Kind.RANGE;
      case "nil" -> Kind.NIL;
      case "template" -> Kind.TEMPLATE;
      case "with" -> Kind.WITH;
      default -> null;
    };
  }

  private State lexFieldOrVariable(Kind kind) {
    if (atTerminator()) {
      emit(kind == Kind.VARIABLE ? Kind.VARIABLE : Kind.DOT);
      return State.INSIDE_ACTION;
    }
    int r;
    while (true) {
      r = next();
      if (r == EOF || !isAlphaNumeric(r)) {
        backup();
        break;
      }
    }
    if (!atTerminator()) {
      return errorf("bad character " + GoText.unicodeVerb(r));
    }
    emit(kind);
    return State.INSIDE_ACTION;
  }

  private boolean atTerminator() {
    int r = peek();
    if (r == EOF || isSpace(r)) {
      return true;
    }
    switch (r) {
      case '.', ',', '|', ':', ')', '(':
        return true;
      default:
        return input.startsWith(rightDelim, pos);
    }
  }

  private State lexChar() {
    while (true) {
      int r = next();
      if (r == '\\') {
        int e = next();
        if (e != EOF && e != '\n') {
          continue;
        }
        return errorf("unterminated character constant");
      }
      if (r == EOF || r == '\n') {
        return errorf("unterminated character constant");
      }
      if (r == '\'') {
        break;
      }
    }
    emit(Kind.CHAR_CONSTANT);
    return State.INSIDE_ACTION;
  }

  private State lexNumber() {
    if (!scanNumber()) {
      return errorf("bad number syntax: " + GoText.quote(input.substring(start, pos)));
    }
    int sign = peek();
    if (sign == '+' || sign == '-') {
      if (!scanNumber() || input.charAt(pos - 1) != 'i') {
        return errorf("bad number syntax: " + GoText.quote(input.substring(start, pos)));
      }
      emit(Kind.COMPLEX);
    } else {
      emit(Kind.NUMBER);
    }
    return State.INSIDE_ACTION;
  }

  private boolean scanNumber() {
    accept("+-");
    String digits = "0123456789_";
    if (accept("0")) {
      if (accept("xX")) {
        digits = "0123456789abcdefABCDEF_";
      } else if (accept("oO")) {
        digits = "01234567_";
      } else if (accept("bB")) {
        digits = "01_";
      }
    }
    acceptRun(digits);
    if (accept(".")) {
      acceptRun(digits);
    }
    if (digits.length() == 11 && accept("eE")) {
      accept("+-");
      acceptRun("0123456789_");
    }
    if (digits.length() == 23 && accept("pP")) {
      accept("+-");
      acceptRun("0123456789_");
    }
    accept("i");
    int r = peek();
    if (r != EOF && isAlphaNumeric(r)) {
      next();
      return false;
    }
    return true;
  }

  private State lexQuote() {
    while (true) {
      int r = next();
      if (r == '\\') {
        int e = next();
        if (e != EOF && e != '\n') {
          continue;
        }
        return errorf("unterminated quoted string");
      }
      if (r == EOF || r == '\n') {
        return errorf("unterminated quoted string");
      }
      if (r == '"') {
        break;
      }
    }
    emit(Kind.STRING);
    return State.INSIDE_ACTION;
  }

  private State lexRawQuote() {
    while (true) {
      int r = next();
      if (r == EOF) {
        return errorf("unterminated raw quoted string");
      }
      if (r == '`') {
        break;
      }
    }
    emit(Kind.RAW_STRING);
    return State.INSIDE_ACTION;
  }

  static boolean isSpace(int r) {
    return r == ' ' || r == '\t' || r == '\r' || r == '\n';
  }

  static boolean isAlphaNumeric(int r) {
    return r == '_' || Character.isLetter(r) || Character.isDigit(r);
  }
}
