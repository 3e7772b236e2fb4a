package io.vaultlet.template;

import io.vaultlet.template.gotmpl.GoFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.EnumSet;
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
      writeContent(target, text, append);
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
    view.setPermissions(permissions(mode));
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

  private static void writeContent(Path target, String text, boolean append) throws IOException {
    Set<OpenOption> options = new HashSet<>();
    options.add(StandardOpenOption.WRITE);
    options.add(StandardOpenOption.CREATE);
    options.add(LinkOption.NOFOLLOW_LINKS);
    options.add(append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
    try (FileChannel ch = FileChannel.open(target, options)) {
      ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
    }
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
    for (int i = 0; i < order.length; i++) {
      if ((mode & (1 << i)) != 0) {
        set.add(order[i]);
      }
    }
    return set;
  }
}
