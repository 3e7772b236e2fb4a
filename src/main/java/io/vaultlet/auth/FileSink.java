package io.vaultlet.auth;

import io.vaultlet.config.ConfigException;
import io.vaultlet.config.Problem;
import io.vaultlet.config.SinkConfig;
import io.vaultlet.support.PrivateFile;
import io.vaultlet.vault.VaultClient;
import io.vaultlet.vault.VaultRequest;
import io.vaultlet.vault.VaultResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code sink "file"} (vault-agent.md §4): the token, wrapped ({@code wrap_ttl}) and/or encrypted ({@code dh_type})
 * when configured, written atomically: a temp file in the same directory created owner-only (0600) by the open
 * that creates it ({@link PrivateFile}), written without trailing newline, fsynced, chowned, given {@code mode},
 * renamed over {@code path}, then the directory fsynced: the token is never readable with a wider mode.
 */
public final class FileSink implements TokenSink {

  private final Path path;
  private final int mode;
  private final Duration wrapTtl;
  private final Optional<DhEnvelope> dh;
  private final Optional<Integer> uid;
  private final Optional<Integer> gid;

  FileSink(Path path, int mode, Duration wrapTtl, Optional<DhEnvelope> dh, Optional<Integer> uid,
      Optional<Integer> gid) {
    this.path = path;
    this.mode = mode;
    this.wrapTtl = wrapTtl == null ? Duration.ZERO : wrapTtl;
    this.dh = dh;
    this.uid = uid == null ? Optional.empty() : uid;
    this.gid = gid == null ? Optional.empty() : gid;
  }

  /** Builds the sink and runs Vault's write check (a throwaway temp file next to {@code path}). */
  public static FileSink create(SinkConfig config) throws ConfigException {
    if (!"file".equals(config.type())) {
      throw new ConfigException(new Problem(config.position(), "unknown sink type \"" + config.type() + "\""));
    }
    Optional<DhEnvelope> dh = config.dhType().filter(t -> !t.isEmpty())
        .map(t -> new DhEnvelope(Path.of(config.dhPath().orElse("")), config.deriveKey(), config.aad().orElse("")));
    FileSink sink = new FileSink(Path.of(config.path()), config.mode(), config.wrapTtl(), dh, config.uid(),
        config.gid());
    try {
      sink.writeCheck();
    } catch (IOException e) {
      throw new ConfigException(new Problem(config.position(), "error creating file sink: error during write check: "
          + e.getMessage() + " (check that the directory of " + config.path() + " exists and is writable)"));
    }
    return sink;
  }

  /** A plain file sink (tests, library use). */
  public static FileSink of(Path path, int mode) {
    return new FileSink(path, mode, Duration.ZERO, Optional.empty(), Optional.empty(), Optional.empty());
  }

  public Path path() {
    return path;
  }

  @Override
  public void write(String content, boolean wrapped, VaultClient client) throws IOException {
    String out = content;
    if (!wrapped && !wrapTtl.isZero()) {
      out = wrap(content, client);
    }
    if (dh.isPresent()) {
      out = dh.get().encrypt(out);
    }
    writeAtomically(out.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code sys/wrapping/wrap} with the token itself, as Vault's sink server does (§4.2). */
  private String wrap(String token, VaultClient client) throws IOException {
    VaultRequest req = VaultRequest.put("sys/wrapping/wrap").token(token)
        .body(java.util.Map.of("token", token)).wrapTtl(wrapTtl).build();
    VaultResponse r = client.send(req).orElseThrow(() -> new IOException("wrapping the token returned no response"));
    VaultResponse.WrapInfo w = r.wrapInfo().orElseThrow(() -> new IOException("wrapping the token returned nil wrap info"));
    return Logins.wrapInfoJson(w);
  }

  private void writeCheck() throws IOException {
    Path dir = directory();
    String uuid = UUID.randomUUID().toString();
    Files.delete(PrivateFile.writeTemp(dir, path.getFileName().toString(), uuid.getBytes(StandardCharsets.UTF_8)));
  }

  private Path directory() {
    Path parent = path.toAbsolutePath().getParent();
    return parent == null ? Path.of(".") : parent;
  }

  void writeAtomically(byte[] bytes) throws IOException {
    Path dir = directory();
    // created 0600 by the open that creates it and fsynced; the token is never readable with a wider mode
    Path tmp = PrivateFile.writeTemp(dir, path.getFileName().toString(), bytes);
    try {
      // owner/group (Vault) or uid/gid (OpenBao) before the mode, so a group mode applies to the intended group only
      if (uid.isPresent()) {
        Files.setAttribute(tmp, "unix:uid", uid.get());
      }
      if (gid.isPresent()) {
        Files.setAttribute(tmp, "unix:gid", gid.get());
      }
      PrivateFile.setMode(tmp, mode);
      PrivateFile.replace(tmp, path);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  @Override
  public String describe() {
    return "file:" + path;
  }

  @Override
  public String toString() {
    return "FileSink{" + path + ", mode=" + Integer.toOctalString(mode) + "}";
  }
}
