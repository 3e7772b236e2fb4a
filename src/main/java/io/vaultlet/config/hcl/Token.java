package io.vaultlet.config.hcl;

/** One lexical token: its type, the text as written, and where it starts (1-based, counted in code points). */
record Token(Type type, String text, int line, int column) {

  enum Type {
    ILLEGAL("illegal character"),
    EOF("end of file"),
    COMMENT("comment"),
    IDENT("identifier"),
    NUMBER("number"),
    FLOAT("float"),
    BOOL("boolean"),
    STRING("string"),
    HEREDOC("heredoc"),
    LBRACK("'['"),
    LBRACE("'{'"),
    COMMA("','"),
    PERIOD("'.'"),
    RBRACK("']'"),
    RBRACE("'}'"),
    ASSIGN("'='"),
    ADD("'+'"),
    SUB("'-'"),
    COLON("':'"),
    NULL("null");

    private final String description;

    Type(String description) {
      this.description = description;
    }

    String description() {
      return description;
    }

    boolean isLiteral() {
      return this == NUMBER || this == FLOAT || this == BOOL || this == STRING || this == HEREDOC;
    }
  }

  /** How the token reads in an error message: {@code identifier 'foo'}, {@code '}'}, {@code end of file}. */
  String describe() {
    return switch (type) {
      case IDENT, NUMBER, FLOAT, BOOL -> type.description() + " '" + text + "'";
      case STRING -> "string " + text;
      default -> type.description();
    };
  }
}
