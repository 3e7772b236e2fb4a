package io.vaultlet.render;

import io.vaultlet.support.Log;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a destination file so that readers only ever see the old or the new content, never a part (consul-template's
 * {@code AtomicWrite}, vault-agent.md §1.6): the bytes go to a temporary file in the destination's own directory, which
 * is fsynced, given its mode and owner, and renamed over the destination; then the directory is fsynced so the rename
 * survives a crash.
 *
 * <p>Two steps, so several files can be published together: {@link #stage} writes the temporary file (nothing visible
 * changes), {@link Staged#commit} renames it. A file whose content, owner and configured mode already match is not
 * staged at all.
 */
public final class AtomicFile {

  private static final Log LOG = Log.named("render.file");
  private static final SecureRandom RANDOM = new SecureRandom();
  /** consul-template's mode for a new file without {@code perms}. */
  public static final int DEFAULT_MODE = 0644;

  /**
   * How to write.
   *
   * @param perms the file mode; empty keeps the existing file's mode, else {@link #DEFAULT_MODE}
   * @param backup keep the previous content as {@code <dest>.bak}
   * @param createDirs create missing parent directories (mode 0755)
   * @param user owner: a name or a numeric uid; empty leaves it
   * @param group owning group: a name or a numeric gid; empty leaves it
   */
  public record Options(Optional<Integer> perms, boolean backup, boolean createDirs, Optional<String> user,
      Optional<String> group) {

    public static Options defaults() {
      return new Options(Optional.empty(), false, true, Optional.empty(), Optional.empty());
    }
  }

  private AtomicFile() {}

  /** Writes {@code content} to {@code dest} in one step; false when the file already had it. */
  public static boolean write(Path dest, byte[] content, Options options) throws IOException {
    Optional<Staged> staged = stage(dest, content, options);
    if (staged.isEmpty()) {
      return false;
    }
    try {
      staged.get().commit();
      return true;
    } finally {
      staged.get().abort();
    }
  }

  /**
   * Prepares a write: empty when {@code dest} already holds {@code content} with the requested owner; otherwise a
   * temporary file, fsynced, with mode and owner set, waiting for {@link Staged#commit}.
   *
   * @throws IOException with a message naming the file and what to check
   */
  public static Optional<Staged> stage(Path dest, byte[] content, Options options) throws IOException {
    Path target = dest.toAbsolutePath();
    Path dir = target.getParent();
    byte[] existing = readExisting(target);
    if (existing != null && upToDate(target, existing, content, options)) {
      return Optional.empty();
    }
    ensureDirectory(dir, options.createDirs(), target);
    Path tmp = dir.resolve("." + target.getFileName() + "." + HexFormat.of().toHexDigits(RANDOM.nextLong())
        + ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      int mode = options.perms().orElseGet(() -> existing != null ? currentMode(target) : DEFAULT_MODE);
      setMode(tmp, mode);
      if (existing != null) {
        copyOwner(target, tmp);
      }
      applyOwner(tmp, options);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw explain(e, target, "write");
    } catch (RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    return Optional.of(new Staged(target, tmp, options.backup()));
  }

  /** True when {@code target} (followed through symlinks) already holds {@code content} with the requested owner and mode. */
  static boolean upToDate(Path target, byte[] content, Options options) throws IOException {
    byte[] existing = readExisting(target.toAbsolutePath());
    return existing != null && upToDate(target, existing, content, options);
  }

  private static boolean upToDate(Path target, byte[] existing, byte[] content, Options options) {
    return Arrays.equals(existing, content) && !ownerDiffers(target, options) && !modeDiffers(target, options);
  }

  /** The mode of an existing file (through symlinks); empty when it does not exist. */
  static Optional<Integer> modeOf(Path file) {
    return Files.exists(file) ? Optional.of(currentMode(file)) : Optional.empty();
  }

  /** A written temporary file waiting to replace its destination. */
  public static final class Staged {
    private final Path destination;
    private final Path temp;
    private final boolean backup;
    private boolean done;

    private Staged(Path destination, Path temp, boolean backup) {
      this.destination = destination;
      this.temp = temp;
      this.backup = backup;
    }

    public Path destination() {
      return destination;
    }

    /** The temporary file itself (next to the destination, with its final mode and owner). */
    public Path temp() {
      return temp;
    }

    /** Renames the temporary file over the destination (after the backup link) and fsyncs the directory. */
    public void commit() throws IOException {
      if (done) {
        return;
      }
      if (backup) {
        backup(destination);
      }
      try {
        try {
          Files.move(temp, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, destination, StandardCopyOption.REPLACE_EXISTING);
        }
      } catch (IOException e) {
        throw explain(e, destination, "rename into");
      }
      done = true;
      fsyncDirectory(destination.getParent());
    }

    /** Removes the temporary file if it was not committed. Safe to call more than once. */
    public void abort() {
      if (!done) {
        done = true;
        try {
          Files.deleteIfExists(temp);
        } catch (IOException e) {
          LOG.warn("could not remove a temporary file", "file", temp, "error", e.getMessage());
        }
      }
    }
  }

  // ---- steps ----

  private static byte[] readExisting(Path target) throws IOException {
    try {
      return Files.readAllBytes(target);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw explain(e, target, "read");
    }
  }

  private static void ensureDirectory(Path dir, boolean create, Path target) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    if (!create) {
      throw new IOException("cannot write " + target + ": parent directory " + dir
          + " is missing (create_dest_dirs = false)");
    }
    try {
      Files.createDirectories(dir);
      setMode(dir, 0755);
    } catch (IOException e) {
      throw explain(e, target, "create the directory of");
    }
  }

  private static void backup(Path dest) {
    if (!Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Path bak = dest.resolveSibling(dest.getFileName() + ".bak");
    Path oldBak = dest.resolveSibling(dest.getFileName() + ".old.bak");
    try {
      if (Files.exists(bak, LinkOption.NOFOLLOW_LINKS)) {
        Files.move(bak, oldBak, StandardCopyOption.REPLACE_EXISTING);
      }
      Files.createLink(bak, dest);
      Files.deleteIfExists(oldBak);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.warn("could not back up the previous file", "file", dest, "error", e.getMessage());
    }
  }

  static void fsyncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      LOG.debug("directory fsync not supported", "dir", dir, "error", e.getMessage());
    }
  }

  /** A configured {@code perms} the file does not have yet (e.g. changed by a reload): the file is written again. */
  private static boolean modeDiffers(Path target, Options o) {
    return o.perms().isPresent() && currentMode(target) != (o.perms().get() & 0777);
  }

  private static int currentMode(Path target) {
    try {
      return toMode(Files.getPosixFilePermissions(target));
    } catch (IOException | UnsupportedOperationException e) {
      return DEFAULT_MODE;
    }
  }

  static void setMode(Path p, int mode) throws IOException {
    try {
      Files.setPosixFilePermissions(p, fromMode(mode));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the platform's defaults apply
    }
  }

  static Set<PosixFilePermission> fromMode(int mode) {
    StringBuilder sb = new StringBuilder();
    String rwx = "rwx";
    for (int i = 8; i >= 0; i--) {
      sb.append((mode & (1 << i)) != 0 ? rwx.charAt((8 - i) % 3) : '-');
    }
    return PosixFilePermissions.fromString(sb.toString());
  }

  static int toMode(Set<PosixFilePermission> perms) {
    int mode = 0;
    for (PosixFilePermission p : perms) {
      mode |= 1 << (8 - p.ordinal());
    }
    return mode;
  }

  private static boolean ownerDiffers(Path target, Options o) {
    try {
      if (o.user().isPresent()) {
        String u = o.user().get();
        String current = isNumeric(u) ? String.valueOf(Files.getAttribute(target, "unix:uid"))
            : Files.getOwner(target).getName();
        if (!current.equals(u)) {
          return true;
        }
      }
      if (o.group().isPresent()) {
        String g = o.group().get();
        String current = isNumeric(g) ? String.valueOf(Files.getAttribute(target, "unix:gid"))
            : ((GroupPrincipal) Files.getAttribute(target, "posix:group")).getName();
        return !current.equals(g);
      }
      return false;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean isNumeric(String s) {
    return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
  }

  private static void copyOwner(Path from, Path to) {
    try {
      Files.setAttribute(to, "unix:uid", Files.getAttribute(from, "unix:uid"));
      Files.setAttribute(to, "unix:gid", Files.getAttribute(from, "unix:gid"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      LOG.debug("could not keep the previous owner", "file", from, "error", e.getMessage());
    }
  }

  private static void applyOwner(Path p, Options o) throws IOException {
    try {
      UserPrincipalLookupService lookup = p.getFileSystem().getUserPrincipalLookupService();
      if (o.user().isPresent()) {
        String u = o.user().get();
        if (isNumeric(u)) {
          Files.setAttribute(p, "unix:uid", Integer.parseInt(u));
        } else {
          Files.setOwner(p, lookup.lookupPrincipalByName(u));
        }
      }
      if (o.group().isPresent()) {
        String g = o.group().get();
        if (isNumeric(g)) {
          Files.setAttribute(p, "unix:gid", Integer.parseInt(g));
        } else {
          GroupPrincipal gp = lookup.lookupPrincipalByGroupName(g);
          Files.getFileAttributeView(p, java.nio.file.attribute.PosixFileAttributeView.class).setGroup(gp);
        }
      }
    } catch (UnsupportedOperationException e) {
      throw new IOException("user/group ownership is not supported on this file system", e);
    }
  }

  /** An error a person can act on: which file, what failed, what to check. */
  private static IOException explain(IOException e, Path target, String verb) {
    String why;
    if (e instanceof AccessDeniedException) {
      why = "permission denied; check that the agent's user may write to " + target.getParent();
    } else if (e instanceof FileSystemException fse && fse.getReason() != null) {
      why = fse.getReason();
    } else {
      why = String.valueOf(e.getMessage());
    }
    return new IOException("cannot " + verb + " " + target + ": " + why, e);
  }
}
