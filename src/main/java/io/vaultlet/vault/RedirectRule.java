package io.vaultlet.vault;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a redirect from Vault may lead, for the client ({@link Transport}) and the API proxy ({@link VaultForwarder})
 * alike: to the configured address's scheme, host and port or to one of {@code vault.redirect_addresses}, never from
 * https to http. The request carries the token, so it is never resent anywhere else; what to do instead (an error, or
 * the redirect handed back to the proxy's client) is the caller's.
 */
final class RedirectRule {

  /** What a redirect is. */
  enum Verdict {
    /** Follow it to {@link Decision#next()}. */
    FOLLOW,
    /** The {@code Location} is not a URI. */
    INVALID,
    /** From https to anything else. */
    DOWNGRADE,
    /** To a server that is neither the configured address nor a redirect address ({@link Decision#next()}). */
    OTHER_SERVER
  }

  /** A verdict, and where the redirect points (null when {@link Verdict#INVALID}). */
  record Decision(Verdict verdict, URI next) {}

  /** Origins ({@code scheme://host:port}) a redirect may lead to. */
  private final Set<String> origins;

  RedirectRule(URI address, List<URI> redirectAddresses) {
    Set<String> o = new LinkedHashSet<>();
    o.add(Transport.origin(address));
    redirectAddresses.forEach(a -> o.add(Transport.origin(a)));
    this.origins = Set.copyOf(o);
  }

  /** Judges a redirect from {@code from} to {@code location} (relative ones resolved against {@code from}). */
  Decision judge(URI from, String location) {
    URI next;
    try {
      next = from.resolve(new URI(location));
    } catch (URISyntaxException | IllegalArgumentException e) {
      return new Decision(Verdict.INVALID, null);
    }
    if ("https".equalsIgnoreCase(from.getScheme()) && !"https".equalsIgnoreCase(next.getScheme())) {
      return new Decision(Verdict.DOWNGRADE, next);
    }
    if (!origins.contains(Transport.origin(next))) {
      return new Decision(Verdict.OTHER_SERVER, next);
    }
    return new Decision(Verdict.FOLLOW, next);
  }
}
