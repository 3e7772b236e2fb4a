package io.vaultlet.rotation;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The end of a check's output, which the check appends to a file ({@code O_APPEND}): the file is kept under a size
 * limit while the check runs ({@link #bound}: past it, its last bytes are kept in memory and the file is emptied; the
 * check's next writes land at the new end), and only its last bytes are ever read, from the end with a
 * {@link FileChannel}. Memory and disk stay bounded however much a check prints.
 */
final class OutputTail {

  private final Path file;
  private final long fileLimit;
  private final int tailBytes;
  /** The last bytes of what was cut from the file, in front of what it holds now. */
  private byte[] carried = new byte[0];

  OutputTail(Path file, long fileLimit, int tailBytes) {
    this.file = file;
    this.fileLimit = fileLimit;
    this.tailBytes = tailBytes;
  }

  /** Empties the file when it passed its limit, keeping its last bytes. */
  void bound() throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      if (ch.size() <= fileLimit) {
        return;
      }
      carried = lastBytes(ch);
      ch.truncate(0); // bytes written between the read and here are lost: the tail is what follows
    }
  }

  /** The last {@code chars} characters of the output (UTF-8; "…" in front when there was more), stripped. */
  String text(int chars) throws IOException {
    byte[] now;
    long size;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      size = ch.size();
      now = lastBytes(ch);
    }
    byte[] all = Arrays.copyOf(carried, carried.length + now.length);
    System.arraycopy(now, 0, all, carried.length, now.length);
    int from = Math.max(0, all.length - tailBytes);
    boolean cut = from > 0 || carried.length > 0 || size > now.length; // output came before what is read
    while (cut && from < all.length && (all[from] & 0xC0) == 0x80) {
      from++; // start at a character, not in the middle of one
    }
    String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE)
        .decode(ByteBuffer.wrap(all, from, all.length - from)).toString().strip();
    if (s.isEmpty()) {
      return "";
    }
    String end = s.length() <= chars ? s : s.substring(s.length() - chars);
    return cut || s.length() > chars ? "…" + end : end;
  }

  private byte[] lastBytes(FileChannel ch) throws IOException {
    long size = ch.size();
    long from = Math.max(0, size - tailBytes);
    ByteBuffer buf = ByteBuffer.allocate((int) (size - from));
    while (buf.hasRemaining() && ch.read(buf, from + buf.position()) >= 0) {
      // read up to the end as it was when measured
    }
    return Arrays.copyOf(buf.array(), buf.position());
  }
}
