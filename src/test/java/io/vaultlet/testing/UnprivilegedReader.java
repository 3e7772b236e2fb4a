package io.vaultlet.testing;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The attacker of the file-mode tests: a local user without any right to the secrets, racing the writer. Run as a
 * <em>separate process under another uid</em> (see {@link UnprivilegedProcess}); it must need only the JDK.
 *
 * <p>It watches one directory with inotify and also lists it in a tight loop, and tries to open every file it sees —
 * the moment it appears, temporary files included. A file it manages to open is kept open (an open descriptor keeps
 * working after a chmod or a rename), and read again at the end, when the writer has long filled it. It runs until its
 * stdin closes, then prints one line: {@code attempts=… denied=… opened=… bytes=… leaked=[names]}.
 */
public final class UnprivilegedReader {

  private final Path dir;
  private final Map<String, FileChannel> open = new ConcurrentHashMap<>();
  private final Map<String, Boolean> tried = new ConcurrentHashMap<>();
  private final AtomicLong attempts = new AtomicLong();
  private final AtomicLong denied = new AtomicLong();
  private volatile boolean stop;

  private UnprivilegedReader(Path dir) {
    this.dir = dir;
  }

  public static void main(String[] args) throws Exception {
    UnprivilegedReader r = new UnprivilegedReader(Path.of(args[0]));
    Thread watcher = new Thread(r::watch, "inotify");
    Thread lister = new Thread(r::list, "lister");
    watcher.setDaemon(true);
    lister.setDaemon(true);
    watcher.start();
    lister.start();
    System.out.println("ready");
    System.out.flush();
    InputStream in = System.in;
    while (in.read() >= 0) {
      // until the test closes our stdin
    }
    r.stop = true;
    lister.join(2000);
    System.out.println(r.report());
    System.out.flush();
    System.exit(0);
  }

  private void watch() {
    try (WatchService ws = dir.getFileSystem().newWatchService()) {
      dir.register(ws, ENTRY_CREATE, ENTRY_MODIFY);
      while (!stop) {
        WatchKey key = ws.poll(50, TimeUnit.MILLISECONDS);
        if (key == null) {
          continue;
        }
        for (WatchEvent<?> e : key.pollEvents()) {
          if (e.context() instanceof Path p) {
            tryOpen(dir.resolve(p));
          }
        }
        key.reset();
      }
    } catch (IOException | InterruptedException e) {
      System.err.println("watcher: " + e);
    }
  }

  private void list() {
    while (!stop) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
        for (Path p : ds) {
          tryOpen(p);
        }
      } catch (IOException e) {
        // the directory is being changed under us: list again
      }
    }
  }

  /** One open attempt per name and inode: a file renamed over an old name is a new file to try. */
  private void tryOpen(Path p) {
    String name = p.getFileName().toString();
    String id = name;
    try {
      id = name + "#" + Files.getAttribute(p, "unix:ino");
    } catch (IOException | RuntimeException e) {
      // gone already, or not stat-able: try by name
    }
    if (tried.putIfAbsent(id, Boolean.TRUE) != null) {
      return;
    }
    attempts.incrementAndGet();
    try {
      open.put(id, FileChannel.open(p, StandardOpenOption.READ));
    } catch (AccessDeniedException e) {
      denied.incrementAndGet();
    } catch (IOException e) {
      // vanished before we got there
    }
  }

  private String report() {
    long bytes = 0;
    List<String> leaked = new ArrayList<>();
    for (Map.Entry<String, FileChannel> e : open.entrySet()) {
      long n = 0;
      try (FileChannel ch = e.getValue()) {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        for (int r; (r = ch.read(buf, n)) > 0; ) {
          n += r;
          buf.clear();
        }
      } catch (IOException ex) {
        // count what was read
      }
      if (n > 0 && !e.getKey().startsWith("public")) {
        leaked.add(e.getKey());
      }
      bytes += n;
    }
    List<String> names = new ArrayList<>(new TreeSet<>(leaked));
    String shown = names.size() <= 10 ? String.join(", ", names)
        : String.join(", ", names.subList(0, 10)) + ", … " + (names.size() - 10) + " more";
    return "attempts=" + attempts.get() + " denied=" + denied.get() + " opened=" + open.size() + " bytes=" + bytes
        + " leaked=[" + shown + "]";
  }
}
