package io.vaultlet.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

/**
 * Reads files that the configuration or a template names, with three guarantees: only regular files (through
 * symlinks) are opened — a FIFO would block the reader until a writer comes, {@code /dev/zero} never ends; at most a
 * given number of bytes is read; and the read is interruptible (a {@link FileChannel}), so stopping the agent is never
 * held up by it.
 */
public final class BoundedFiles {

  private BoundedFiles() {}

  /** The file is larger than allowed. */
  public static final class TooLarge extends IOException {
    public TooLarge(String message) {
      super(message);
    }
  }

  /**
   * The bytes of {@code file}.
   *
   * @param max the most bytes to read; a larger file is a {@link TooLarge} error
   * @param raise the end of the "too large" message: which setting raises the limit, e.g.
   *     {@code "raise it with template_config.max_file_size"}
   * @throws IOException when the file is not a regular file, cannot be read, or is too large
   */
  public static byte[] read(Path file, long max, String raise) throws IOException {
    BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
    if (!attrs.isRegularFile()) {
      throw new IOException(file + " " + notRegular(attrs));
    }
    if (attrs.size() > max) {
      throw tooLarge(file, max, raise);
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      int cap = (int) Math.min(Integer.MAX_VALUE - 8, Math.min(max + 1, Math.max(attrs.size() + 1, 8192)));
      ByteBuffer buf = ByteBuffer.allocate(cap);
      while (true) {
        if (!buf.hasRemaining()) {
          if (buf.capacity() > max) {
            throw tooLarge(file, max, raise); // grew while being read
          }
          buf = grow(buf, (int) Math.min(Integer.MAX_VALUE - 8, Math.min(max + 1, (long) buf.capacity() * 2)));
        }
        if (ch.read(buf) < 0) {
          break;
        }
      }
      if (buf.position() > max) {
        throw tooLarge(file, max, raise);
      }
      return Arrays.copyOf(buf.array(), buf.position());
    }
  }

  /** The file as strict UTF-8 text, read as {@link #read} does. */
  public static String readString(Path file, long max, String raise) throws IOException {
    byte[] bytes = read(file, max, raise);
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new IOException(file + " is not UTF-8 text", e);
    }
  }

  /** Why a path that is not a regular file cannot be read: "is a directory", "is a FIFO, socket or device". */
  public static String notRegular(BasicFileAttributes attrs) {
    if (attrs.isDirectory()) {
      return "is a directory, not a file";
    }
    return "is not a regular file (a FIFO, socket or device would block or never end); only regular files are read";
  }

  private static ByteBuffer grow(ByteBuffer buf, int capacity) {
    ByteBuffer bigger = ByteBuffer.allocate(capacity);
    buf.flip();
    bigger.put(buf);
    return bigger;
  }

  private static TooLarge tooLarge(Path file, long max, String raise) {
    return new TooLarge(file + " is larger than the limit of " + Sizes.format(max) + "; " + raise);
  }
}
