package io.vaultlet.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * The one rule for an address vaultlet sends requests to (Vault redirect targets, AWS and cloud endpoints): an
 * {@code http://} or {@code https://} URL with a host. Read with {@link Block#httpUrl} in the configuration's blocks.
 */
public final class HttpUrl {

  /** The end of every message about a value that breaks the rule, after the key. */
  public static final String MUST = "must be an http:// or https:// URL with a host";

  private HttpUrl() {}

  /** {@code text} (trimmed) as a URI when it is an http(s) URL with a host; else empty. */
  public static Optional<URI> parse(String text) {
    try {
      URI u = new URI(text.trim());
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
        return Optional.of(u);
      }
    } catch (URISyntaxException e) {
      // not a URL at all: the same answer
    }
    return Optional.empty();
  }
}
