package io.vaultlet.render;

import io.vaultlet.config.TemplateConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A render written next to where it will be published (same directory, final mode and owner), waiting to be published
 * or discarded: what {@code verify} checks and what a publish group renames back to back. A plain destination is
 * published by renaming the staged file over it ({@link AtomicFile}); a {@code slots = "blue_green"} destination by
 * filling the inactive slot and switching the symlink ({@link SlotFiles}).
 */
interface StagedRender {

  /** The staged file: what a verifier reads ({@code VAULTLET_STAGED_FILE}). */
  Path file();

  /** The destination it will be published to. */
  Path destination();

  /** The slot it will be published to ({@code blue} or {@code green}); "" for a plain destination. */
  String slot();

  /** Publishes: the destination shows the new content. */
  void publish() throws IOException;

  /** Removes what was staged and not published. Safe to call more than once, and after {@link #publish}. */
  void discard();

  /** Stages {@code content} for {@code config}'s destination; empty when the destination already shows it. */
  static Optional<StagedRender> stage(TemplateConfig config, byte[] content) throws IOException {
    AtomicFile.Options options = new AtomicFile.Options(config.perms(), config.backup(), config.createDestDirs(),
        config.user(), config.group());
    Path destination = Path.of(config.destination());
    if (config.rotation().blueGreen()) {
      return SlotFiles.stage(destination, content, options);
    }
    return AtomicFile.stage(destination, content, options).map(Plain::new);
  }

  /** A plain destination: the staged temporary file is renamed over it. */
  record Plain(AtomicFile.Staged staged) implements StagedRender {
    @Override
    public Path file() {
      return staged.temp();
    }

    @Override
    public Path destination() {
      return staged.destination();
    }

    @Override
    public String slot() {
      return "";
    }

    @Override
    public void publish() throws IOException {
      staged.commit();
    }

    @Override
    public void discard() {
      staged.abort();
    }
  }
}
