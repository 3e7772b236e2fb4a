package io.vaultlet.render;

import io.vaultlet.config.Limits;
import io.vaultlet.config.TemplateConfig;
import io.vaultlet.support.BoundedFiles;
import io.vaultlet.support.Failures;
import io.vaultlet.support.Log;
import io.vaultlet.support.Scheduler;
import io.vaultlet.template.RenderException;
import io.vaultlet.template.Template;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Polls template {@code source} files and swaps in a template whose source changed and still parses. Reads through
 * symlinks, so a Kubernetes ConfigMap update (a new {@code ..<timestamp>} directory and an atomic swap of the
 * {@code ..data} symlink) is seen like an edit. Polling on the injected scheduler rather than {@code WatchService}:
 * inotify does not follow symlinks, and a manual clock can test it.
 */
final class SourceReloader {

  private static final Log LOG = Log.named("render.source");

  /** One template source and how to replace its template. */
  record Source(TemplateConfig config, Consumer<Template> replace) {}

  private final List<Source> sources;
  private final String[] hashes;
  private final Scheduler scheduler;
  private final String[] readErrors;
  private final Runnable changed;
  private final BooleanSupplier closed;
  private final Limits limits;

  SourceReloader(List<Source> sources, Scheduler scheduler, Limits limits, Runnable changed,
      BooleanSupplier closed) {
    this.sources = List.copyOf(sources);
    this.hashes = new String[sources.size()];
    this.readErrors = new String[sources.size()];
    this.scheduler = scheduler;
    this.limits = limits;
    this.changed = changed;
    this.closed = closed;
  }

  void start(Duration interval) {
    for (int i = 0; i < sources.size(); i++) {
      hashes[i] = hash(i);
    }
    scheduler.schedule(interval, () -> poll(interval));
  }

  private void poll(Duration interval) {
    if (closed.getAsBoolean()) {
      return;
    }
    boolean any = false;
    try {
      for (int i = 0; i < sources.size(); i++) {
        any |= reloadIfChanged(i);
      }
    } finally {
      scheduler.schedule(interval, () -> poll(interval));
    }
    if (any) {
      changed.run();
    }
  }

  private boolean reloadIfChanged(int i) {
    Source src = sources.get(i);
    String path = src.config().source().orElseThrow();
    String h = hash(i);
    if (h == null || h.equals(hashes[i])) {
      return false;
    }
    hashes[i] = h;
    try {
      Template t = Templates.build(src.config(), limits);
      try {
        t.check();
      } catch (RenderException e) {
        LOG.error("changed template source does not parse; keeping the previous template", "source", path,
            "error", e.getMessage());
        return false;
      }
      src.replace().accept(t);
      LOG.info("template source changed; re-rendering", "source", path);
      return true;
    } catch (IOException e) {
      LOG.error("cannot read the changed template source", "source", path, "error", e.getMessage());
      return false;
    }
  }

  /**
   * The SHA-256 of source {@code i} (read through its symlinks, only when it is a regular file within
   * {@code max_file_size}); null when it cannot be read, which is logged once per distinct problem.
   */
  private String hash(int i) {
    String source = sources.get(i).config().source().orElseThrow();
    try {
      byte[] bytes = BoundedFiles.read(Path.of(source), limits.maxFileSize(), Limits.raise(Limits.MAX_FILE_SIZE));
      readErrors[i] = null;
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (IOException e) {
      String why = Failures.file(e);
      if (!why.equals(readErrors[i])) {
        readErrors[i] = why;
        LOG.warn("cannot read a template source; keeping the running template", "source", source, "error", why);
      }
      return null;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
