package io.vaultlet.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * The one way vaultlet writes a file that may hold a secret (rendered templates, token sinks, backups, the pid file,
 * {@code writeToFile}, the demo's credentials): the bytes first go to a new, hidden temporary file that is created
 * <em>owner-only (0600) by the {@code open(2)} that creates it</em> ({@code O_CREAT|O_EXCL} with the mode), so no
 * other user can open it at any moment, whatever the umask; it is written and fsynced; only then may the caller give
 * it its owner and its final mode, and rename it over the target ({@link #replace}). A reader sees the old file or the
 * whole new one, and a reader without the final mode's permission never a byte.
 *
 * <p>{@code O_EXCL} also means a name planted in the directory beforehand (a symlink, say) makes the create fail
 * instead of being followed.
 */
public final class PrivateFile {

  /** The mode every temporary file is created with. */
  public static final int OWNER_ONLY = 0600;

  private static final Set<PosixFilePermission> OWNER_ONLY_PERMISSIONS = permissions(OWNER_ONLY);
  private static final SecureRandom RANDOM = new SecureRandom();

  private PrivateFile() {}

  /** Writes {@code text} (UTF-8) to {@code target} with mode 0600. */
  public static void write(Path target, String text) throws IOException {
    write(target, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes {@code bytes} to {@code target} with mode 0600: temporary file, fsync, rename, directory fsync. */
  public static void write(Path target, byte[] bytes) throws IOException {
    Path abs = target.toAbsolutePath();
    Path tmp = writeTemp(abs.getParent(), abs.getFileName().toString(), bytes);
    try {
      replace(tmp, abs);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Creates a new owner-only file in {@code dir}, named after {@code name} (hidden, with a random suffix:
   * {@code .<name>.<hex>.tmp}), writes {@code bytes} to it and fsyncs it. The file never exists with a wider mode and
   * is removed again when writing fails. The caller sets owner and mode, then {@link #replace}s the target with it.
   */
  public static Path writeTemp(Path dir, String name, byte[] bytes) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Path tmp = dir.resolve("." + name + "." + HexFormat.of().toHexDigits(RANDOM.nextLong()) + ".tmp");
      FileChannel ch;
      try {
        ch = openNew(tmp);
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 8) {
          throw e;
        }
        continue;
      }
      try (ch) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(tmp);
        throw e;
      }
      return tmp;
    }
  }

  /**
   * {@code open(path, O_WRONLY|O_CREAT|O_EXCL, 0600)}: a new file that is owner-only from the moment it exists; on a
   * file system without POSIX modes, a plain exclusive create.
   *
   * @throws FileAlreadyExistsException when anything (a symlink included) already has that name
   */
  public static FileChannel openNew(Path path) throws IOException {
    Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(OWNER_ONLY_PERMISSIONS);
    try {
      return FileChannel.open(path, options, mode);
    } catch (UnsupportedOperationException e) {
      return FileChannel.open(path, options);
    }
  }

  /** Renames {@code tmp} over {@code target} (atomically where the file system can) and fsyncs the directory. */
  public static void replace(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    Path dir = target.toAbsolutePath().getParent();
    if (dir != null) {
      fsyncDirectory(dir);
    }
  }

  /** Makes a rename in {@code dir} survive a crash. Not every platform can open a directory: then nothing happens. */
  public static void fsyncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // the rename is still atomic; only its durability across a power loss is not guaranteed
    }
  }

  /** Sets {@code mode} (the low 9 bits) exactly, umask aside; a no-op on a file system without POSIX modes. */
  public static void setMode(Path p, int mode) throws IOException {
    try {
      Files.setPosixFilePermissions(p, permissions(mode));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the platform's defaults apply
    }
  }

  /** The POSIX permissions of a numeric mode ({@code 0640} → {@code rw-r-----}). */
  public static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] all = PosixFilePermission.values(); // OWNER_READ … OTHERS_EXECUTE, high bit first
    for (int i = 0; i < all.length; i++) {
      if ((mode & (1 << (8 - i))) != 0) {
        out.add(all[i]);
      }
    }
    return out;
  }

  /** The numeric mode of a set of POSIX permissions. */
  public static int mode(Set<PosixFilePermission> permissions) {
    int mode = 0;
    for (PosixFilePermission p : permissions) {
      mode |= 1 << (8 - p.ordinal());
    }
    return mode;
  }
}
