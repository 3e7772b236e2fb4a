package io.vaultlet.rotation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vaultlet.support.Log;
import io.vaultlet.support.PrivateFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rotation state file ({@code rotation-state.json} in {@code state_dir}, or next to the pid file): the leases
 * published files use and the revocations pending at the end of a grace period, so both survive a restart. It holds
 * lease ids (what {@code sys/leases/revoke} needs) and never a credential. Written atomically: a temporary file created
 * with mode 0600 in one step (never readable by others, whatever the umask), fsynced, renamed over the old one. Without
 * a path the state lives in memory only.
 *
 * <pre>{@code
 * {"version":1,"leases":[{"lease_id":"database/creds/app/AbC…","dependency":"secret database/creds/app",
 *   "held_by":["/secrets/db.env"],"revoke_at":"2026-01-01T00:05:00Z","expires":"2026-01-01T01:00:00Z",
 *   "grace_for":"/secrets/db.env"}]}
 * }</pre>
 */
public final class StateFile {

  private static final Log LOG = Log.named("rotation.state");

  /** Made when a state file is first read or written: an agent without one never loads databind for it. */
  private static final class Mapper {
    static final ObjectMapper JSON = new ObjectMapper();
  }

  /**
   * One lease the state knows.
   *
   * @param leaseId the full lease id
   * @param dependency the dependency it came from (for messages)
   * @param heldBy the destinations whose published file uses it
   * @param revokeAt when its grace period ends (it is revoked then, once nothing holds it); empty when none
   * @param expires its expiry as last known; empty when unknown
   * @param graceFor the destination whose publish started the grace period; "" when none
   */
  public record Entry(String leaseId, String dependency, Set<String> heldBy, Optional<Instant> revokeAt,
      Optional<Instant> expires, String graceFor) {
    public Entry {
      heldBy = Set.copyOf(new LinkedHashSet<>(heldBy));
      graceFor = graceFor == null ? "" : graceFor;
    }
  }

  private final Optional<Path> file;

  private StateFile(Optional<Path> file) {
    this.file = file;
  }

  /** State kept in {@code file}. */
  public static StateFile at(Path file) {
    return new StateFile(Optional.of(file.toAbsolutePath()));
  }

  /** State kept in memory only (no {@code state_dir} and no pid file). */
  public static StateFile inMemory() {
    return new StateFile(Optional.empty());
  }

  public Optional<Path> file() {
    return file;
  }

  /** What the file holds; empty when there is no file yet. An unreadable file is logged and treated as empty. */
  public List<Entry> load() {
    if (file.isEmpty()) {
      return List.of();
    }
    try {
      JsonNode root = Mapper.JSON.readTree(Files.readString(file.get(), StandardCharsets.UTF_8));
      List<Entry> out = new ArrayList<>();
      for (JsonNode n : root.path("leases")) {
        Set<String> held = new LinkedHashSet<>();
        n.path("held_by").forEach(h -> held.add(h.asText()));
        out.add(new Entry(n.path("lease_id").asText(), n.path("dependency").asText(), held,
            instant(n.path("revoke_at")), instant(n.path("expires")), n.path("grace_for").asText("")));
      }
      out.removeIf(e -> e.leaseId().isEmpty());
      return out;
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException | RuntimeException e) {
      LOG.error("cannot read the rotation state; starting without it (pending revocations in it are lost)",
          "file", file.get(), "error", e.getMessage());
      return List.of();
    }
  }

  /** Replaces the file's content with {@code entries}; failures are logged (the state stays in memory). */
  public void save(List<Entry> entries) {
    if (file.isEmpty()) {
      return;
    }
    ObjectNode root = Mapper.JSON.createObjectNode().put("version", 1);
    ArrayNode leases = root.putArray("leases");
    for (Entry e : entries) {
      ObjectNode n = leases.addObject().put("lease_id", e.leaseId()).put("dependency", e.dependency());
      e.heldBy().forEach(n.putArray("held_by")::add);
      if (e.heldBy().isEmpty()) {
        n.putArray("held_by");
      }
      e.revokeAt().ifPresent(t -> n.put("revoke_at", t.toString()));
      e.expires().ifPresent(t -> n.put("expires", t.toString()));
      if (!e.graceFor().isEmpty()) {
        n.put("grace_for", e.graceFor());
      }
    }
    try {
      write(file.get(), Mapper.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    } catch (IOException e) {
      LOG.error("cannot write the rotation state; pending revocations will not survive a restart", "file",
          file.get(), "error", e.getMessage());
    }
  }

  /** Owner-only from the first byte, in a directory created owner-only; {@link PrivateFile} fsyncs the directory. */
  private static void write(Path target, byte[] bytes) throws IOException {
    Path dir = target.getParent();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    PrivateFile.write(target, bytes);
  }

  private static Optional<Instant> instant(JsonNode n) {
    if (n == null || n.isMissingNode() || n.isNull() || n.asText().isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(n.asText()));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
