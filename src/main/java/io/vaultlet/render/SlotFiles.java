package io.vaultlet.render;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * {@code slots = "blue_green"} (vaultlet): the content lives in {@code <destination>.blue} and
 * {@code <destination>.green}, and {@code <destination>} is a symlink to the slot holding the newest published render.
 * A new render goes into the other slot (written atomically, like any destination); once it is published the link is
 * switched: a new link is created under a temporary name next to it and renamed over the old one, so a reader opening
 * the destination gets the old or the new slot, and the link never points at a missing or half-written file. The
 * previous slot keeps the previous credential. The link target is the slot's bare file name, so the directory can be
 * mounted anywhere.
 */
final class SlotFiles {

  static final String BLUE = "blue";
  static final String GREEN = "green";
  private static final SecureRandom RANDOM = new SecureRandom();

  private SlotFiles() {}

  /** The slot {@code destination} links to; empty when it is not a link to one of its slots. */
  static Optional<String> active(Path destination) {
    try {
      String target = Files.readSymbolicLink(destination).getFileName().toString();
      String name = destination.getFileName().toString();
      if (target.equals(name + "." + BLUE)) {
        return Optional.of(BLUE);
      }
      return target.equals(name + "." + GREEN) ? Optional.of(GREEN) : Optional.empty();
    } catch (NotLinkException | UnsupportedOperationException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static Path slotFile(Path destination, String slot) {
    return destination.resolveSibling(destination.getFileName() + "." + slot);
  }

  /**
   * Stages {@code content} into the inactive slot (blue when there is none yet); empty when the destination already
   * shows it. Without {@code perms}, a new slot file takes the mode of what the destination shows now.
   */
  static Optional<StagedRender> stage(Path destination, byte[] content, AtomicFile.Options options)
      throws IOException {
    Path target = destination.toAbsolutePath();
    AtomicFile.Options o = options.perms().isPresent() ? options : new AtomicFile.Options(AtomicFile.modeOf(target),
        options.backup(), options.createDirs(), options.user(), options.group());
    Optional<String> active = active(target);
    if (active.isPresent() && AtomicFile.upToDate(target, content, o)) {
      return Optional.empty();
    }
    String next = active.map(a -> a.equals(BLUE) ? GREEN : BLUE).orElse(BLUE);
    Path slot = slotFile(target, next);
    return Optional.of(new Switch(target, next, slot, AtomicFile.stage(slot, content, o)));
  }

  /** Fills a slot, then points the destination at it. */
  private record Switch(Path destination, String slot, Path slotFile, Optional<AtomicFile.Staged> staged)
      implements StagedRender {

    @Override
    public Path file() {
      return staged.map(AtomicFile.Staged::temp).orElse(slotFile); // the slot may already hold this content
    }

    @Override
    public void publish() throws IOException {
      if (staged.isPresent()) {
        staged.get().commit();
      }
      link(destination, slotFile.getFileName());
    }

    @Override
    public void discard() {
      staged.ifPresent(AtomicFile.Staged::abort);
    }
  }

  /** Points {@code destination} at {@code slotName} (a sibling) by renaming a new link over it. */
  static void link(Path destination, Path slotName) throws IOException {
    if (Files.isDirectory(destination, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("cannot switch " + destination + " to its " + slotName + " slot: it is a directory");
    }
    Path tmp = destination.resolveSibling("." + destination.getFileName() + "."
        + HexFormat.of().toHexDigits(RANDOM.nextLong()) + ".link");
    try {
      Files.createSymbolicLink(tmp, slotName);
      try {
        Files.move(tmp, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("cannot switch " + destination + " atomically: the file system cannot rename a link "
            + "over it", e);
      }
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e.getMessage() != null && e.getMessage().startsWith("cannot switch") ? e
          : new IOException("cannot switch " + destination + " to " + slotName + ": " + e.getMessage(), e);
    }
    io.vaultlet.support.PrivateFile.fsyncDirectory(destination.getParent());
  }
}
