package io.vaultlet.config.hcl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads HCL1, the configuration language of Vault Agent, into a tree of {@link Node}s that keep {@code file:line:col}.
 * Accepts and rejects exactly what {@code github.com/hashicorp/hcl} v1 does (see docs/hcl.md for the few known
 * differences). Like the Go library, a text whose first non-blank character is '{' is read as HCL1-JSON.
 */
public final class Hcl {

  /**
   * The deepest nesting of objects and lists a file may have (an agent configuration nests about five). Deeper input
   * is refused with its position, so a hostile file can never exhaust the parser's or the binder's stack.
   */
  public static final int MAX_DEPTH = 100;

  private Hcl() {}

  /**
   * Parses HCL1 (or HCL1-JSON) text.
   *
   * @param fileName used only in positions and error messages
   * @throws HclParseException if the text is not valid; the message reads {@code file:line:col: what is wrong}
   */
  public static ObjectNode parse(String fileName, String text) {
    if (looksLikeJson(text)) {
      return HclJsonParser.parse(fileName, text);
    }
    return HclParser.parse(fileName, text);
  }

  /**
   * Parses a UTF-8 file. As in Vault (which calls {@code hcl.Parse} on the file content), the syntax is chosen from
   * the content: a {@code .json} file holds an object, so it starts with '{' and is read as HCL1-JSON.
   *
   * @throws HclParseException if the file is not valid UTF-8 or not valid HCL1
   * @throws UncheckedIOException if the file cannot be read
   */
  public static ObjectNode parse(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    String name = file.toString();
    return parse(name, decodeStrictly(name, bytes));
  }

  /** The Go library's {@code lexMode}: JSON when the first non-space character is '{'. */
  static boolean looksLikeJson(String text) {
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      if (cp == '{') {
        return true;
      }
      if (!isGoSpace(cp)) {
        return false;
      }
      i += Character.charCount(cp);
    }
    return false;
  }

  /** Go's {@code unicode.IsSpace}. */
  private static boolean isGoSpace(int cp) {
    return switch (cp) {
      case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000 -> true;
      default -> cp >= 0x2000 && cp <= 0x200A;
    };
  }

  private static String decodeStrictly(String name, byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      return decoder.decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      int bad = firstInvalidByte(bytes);
      String before = new String(bytes, 0, bad, StandardCharsets.UTF_8);
      int line = 1;
      int column = 1;
      for (int i = 0; i < before.length(); i = before.offsetByCodePoints(i, 1)) {
        if (before.charAt(i) == '\n') {
          line++;
          column = 1;
        } else {
          column++;
        }
      }
      throw new HclParseException(new Position(name, line, column), "illegal UTF-8 encoding");
    }
  }

  private static int firstInvalidByte(byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
    decoder.decode(in, out, true);
    return in.position();
  }
}
