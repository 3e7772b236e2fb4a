package io.vaultlet.lease;

import io.vaultlet.support.Log;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What the destinations of a certificate's templates hold: the rendered files are the cache of a certificate (and,
 * for local-key certificates, the only copy of its key).
 */
final class CertificateFiles {

  private static final Log LOG = Log.named("lease.fetcher");

  private CertificateFiles() {}

  /**
   * The bundles found at {@code destinations}: each file alone, then all of them together (certificate and key may be
   * rendered into separate files), in that order; files without a leaf certificate give none.
   */
  static List<PemBundle> candidates(Collection<String> destinations) {
    List<String> texts = texts(destinations);
    List<String> candidates = new ArrayList<>(texts);
    if (texts.size() > 1) {
      candidates.add(String.join("\n", texts));
    }
    List<PemBundle> out = new ArrayList<>();
    for (String text : candidates) {
      PemBundle.scan(text).ifPresent(out::add);
    }
    return out;
  }

  /** The contents of the destinations that exist, in order. */
  static List<String> texts(Collection<String> destinations) {
    List<String> out = new ArrayList<>();
    for (String dest : destinations) {
      read(dest).ifPresent(out::add);
    }
    return out;
  }

  /** The file's text; empty when there is none, or (with a warning) when it cannot be read. */
  static Optional<String> read(String destination) {
    if (destination == null || destination.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readString(Path.of(destination)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot read the existing certificate; a new one will be issued", "destination", destination,
          "error", e.getMessage());
      return Optional.empty();
    }
  }
}
