package io.vaultlet.config.hcl;

/** Where a node starts: file name, 1-based line and 1-based column. Printed as {@code file:line:col}. */
public record Position(String file, int line, int column) {
  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
