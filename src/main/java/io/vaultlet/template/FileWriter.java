package io.vaultlet.template;

import io.vaultlet.support.PrivateFile;
import io.vaultlet.template.gotmpl.GoFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.HashSet;
import java.util.Set;

/** {@code writeToFile}: consul-template's side-effect write, refusing symlinked parents and targets. */
final class FileWriter {

  private FileWriter() {}

  static void write(String path, String user, String group, String perms, String flags, String content)
      throws IOException {
    int mode;
    try {
      mode = Integer.parseInt(perms, 8);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("strconv.ParseUint: parsing " + GoFormat.quote(perms) + ": invalid syntax");
    }
    Path clean = Path.of(path).normalize();
    Path dir = clean.toAbsolutePath().getParent();
    if (!Files.exists(dir)) {
      Files.createDirectories(dir);
    }
    if (Files.isSymbolicLink(dir)) {
      throw new IOException("writeToFile: refusing to write through symlinked directory in path " + GoFormat.quote(path));
    }
    Path target = dir.resolve(clean.getFileName());
    if (Files.isSymbolicLink(target)) {
      throw new IOException("writeToFile: refusing to write to symlink " + GoFormat.quote(path));
    }
    boolean append = flags.contains("append");
    String text = flags.contains("newline") ? content + "\n" : content;
    if (append || !sameContent(target, text)) {
      writeContent(target, text, append, mode);
    }
    PosixFileAttributeView view =
        Files.getFileAttributeView(target, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view == null) {
      return;
    }
    if (!user.isEmpty() || !group.isEmpty()) {
      UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
      if (!user.isEmpty()) {
        UserPrincipal u = lookup.lookupPrincipalByName(user);
        view.setOwner(u);
      }
      if (!group.isEmpty()) {
        GroupPrincipal g = lookup.lookupPrincipalByGroupName(group);
        view.setGroup(g);
      }
    }
    view.setPermissions(PrivateFile.permissions(mode));
  }

  /**
   * Better than consul-template (vault#32031): a file that already holds exactly this content is not rewritten, so its
   * modification time does not change and file watchers do not fire on every render.
   */
  private static boolean sameContent(Path target, String text) {
    try {
      return Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
          && Files.size(target) == text.getBytes(StandardCharsets.UTF_8).length
          && Files.readString(target).equals(text);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Writes in place, as consul-template does, but never readable by others while it happens: a new file is created
   * owner-only by the open that creates it ({@link PrivateFile#openNew}); an existing file whose mode lets group or
   * others read more than {@code perms} will is narrowed to {@code perms} (plus owner read/write) before a byte of the
   * new content is written. The final owner and mode are applied afterwards.
   */
  private static void writeContent(Path target, String text, boolean append, int finalMode) throws IOException {
    try (FileChannel ch = open(target, append, finalMode)) {
      ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
    }
  }

  private static FileChannel open(Path target, boolean append, int finalMode) throws IOException {
    try {
      return PrivateFile.openNew(target);
    } catch (FileAlreadyExistsException e) {
      narrowBeforeWriting(target, finalMode);
      Set<OpenOption> options = new HashSet<>();
      options.add(StandardOpenOption.WRITE);
      options.add(LinkOption.NOFOLLOW_LINKS);
      options.add(append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
      return FileChannel.open(target, options);
    }
  }

  private static void narrowBeforeWriting(Path target, int finalMode) throws IOException {
    try {
      int current = PrivateFile.mode(Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS));
      if ((current & ~finalMode & 0077) != 0) {
        PrivateFile.setMode(target, (current & finalMode & 0077) | 0600);
      }
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system
    }
  }
}
