package io.vaultlet.config.hcl;

/**
 * The objects, lists and block labels open around a parser's current token. Past {@link Hcl#MAX_DEPTH} the file is
 * refused at once, at the bracket that went too deep: never a StackOverflowError, whatever the thread's stack. Shared
 * by both dialects' parsers.
 */
final class NestingDepth {

  private int depth;

  /** {@code levels} deeper at {@code open} (a block's labels nest its body one level each when decoded). */
  void enter(Position open, int levels) {
    depth += levels;
    if (depth > Hcl.MAX_DEPTH) {
      throw new HclParseException(open, "nesting is deeper than " + Hcl.MAX_DEPTH
          + " levels of objects, lists and block labels; no agent configuration needs that many");
    }
  }

  /** {@code levels} back out, after what {@link #enter} opened was parsed (or failed). */
  void leave(int levels) {
    depth -= levels;
  }
}
