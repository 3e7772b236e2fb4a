package io.vaultlet.render;

import io.vaultlet.support.Log;
import io.vaultlet.support.PrivateFile;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a destination file so that readers only ever see the old or the new content, never a part (consul-template's
 * {@code AtomicWrite}, vault-agent.md §1.6): the bytes go to a temporary file in the destination's own directory,
 * created owner-only (0600) by the open that creates it ({@link PrivateFile}), which is fsynced, given its owner and then
 * its final mode, and renamed over the destination; then the directory is fsynced so the rename survives a crash. No
 * other user can read a byte of it before it has the destination's mode.
 *
 * <p>Two steps, so several files can be published together: {@link #stage} writes the temporary file (nothing visible
 * changes), {@link Staged#commit} renames it. A file whose content, owner and configured mode already match is not
 * staged at all.
 */
public final class AtomicFile {

  private static final Log LOG = Log.named("render.file");
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
    int mode = options.perms().orElseGet(() -> existing != null ? currentMode(target) : DEFAULT_MODE);
    Path tmp;
    try {
      // created owner-only by the open that creates it, written and fsynced before anything else happens to it
      tmp = PrivateFile.writeTemp(dir, target.getFileName().toString(), content);
    } catch (IOException e) {
      throw explain(e, target, "write");
    }
    try {
      // owner before mode: a group-readable mode is applied only once the file belongs to the intended group
      if (existing != null) {
        copyOwner(target, tmp);
      }
      applyOwner(tmp, options);
      setMode(tmp, mode);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw explain(e, target, "write");
    } catch (RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    return Optional.of(new Staged(target, tmp, options.backup(), mode));
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
    private final int mode;
    private boolean done;

    private Staged(Path destination, Path temp, boolean backup, int mode) {
      this.destination = destination;
      this.temp = temp;
      this.backup = backup;
      this.mode = mode;
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
        backup(destination, mode);
      }
      try {
        PrivateFile.replace(temp, destination);
      } catch (IOException e) {
        throw explain(e, destination, "rename into");
      }
      done = true;
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

  /**
   * {@code <dest>.bak} becomes a hard link to the file about to be replaced (the older backup goes through
   * {@code .old.bak}). A link has the old file's mode, so a backup is never more readable than the file was; when the
   * new mode is narrower (a tightened {@code perms}), the old file is narrowed to it first, since it is replaced at
   * once anyway. Where hard links are not supported the backup is a copy, created owner-only like every temp file.
   */
  private static void backup(Path dest, int newMode) {
    if (!Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Path bak = dest.resolveSibling(dest.getFileName() + ".bak");
    Path oldBak = dest.resolveSibling(dest.getFileName() + ".old.bak");
    try {
      int oldMode = currentMode(dest);
      if ((oldMode & ~newMode & 0777) != 0) {
        setMode(dest, oldMode & newMode);
      }
      if (Files.exists(bak, LinkOption.NOFOLLOW_LINKS)) {
        Files.move(bak, oldBak, StandardCopyOption.REPLACE_EXISTING);
      }
      try {
        Files.createLink(bak, dest);
      } catch (UnsupportedOperationException | IOException e) {
        Path copy = PrivateFile.writeTemp(dest.getParent(), bak.getFileName().toString(), Files.readAllBytes(dest));
        setMode(copy, oldMode & newMode);
        PrivateFile.replace(copy, bak);
      }
      Files.deleteIfExists(oldBak);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.warn("could not back up the previous file", "file", dest, "error", e.getMessage());
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
    PrivateFile.setMode(p, mode);
  }

  static Set<PosixFilePermission> fromMode(int mode) {
    return PrivateFile.permissions(mode);
  }

  static int toMode(Set<PosixFilePermission> perms) {
    return PrivateFile.mode(perms);
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
