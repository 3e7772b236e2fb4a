package io.vaultlet.auth;

import io.vaultlet.support.Log;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Token and event listeners; a listener that throws is logged and never stops the others or auto-auth. */
final class Notifier {

  private static final Log LOG = Log.named("auth.handler");

  private final List<TokenListener> tokens = new CopyOnWriteArrayList<>();
  private final List<AuthEventListener> events = new CopyOnWriteArrayList<>();
  private final String method;
  private final Clock clock;

  /** Events are stamped with {@code method} and the time on {@code clock}. */
  Notifier(String method, Clock clock) {
    this.method = method;
    this.clock = clock;
  }

  void add(TokenListener l) {
    tokens.add(l);
  }

  void add(AuthEventListener l) {
    events.add(l);
  }

  void changed(TokenChange change) {
    for (TokenListener l : tokens) {
      changed(l, change);
    }
  }

  void changed(TokenListener l, TokenChange change) {
    try {
      l.tokenChanged(change);
    } catch (RuntimeException e) {
      LOG.error("token listener failed", e);
    }
  }

  void renewed(AuthToken token) {
    for (TokenListener l : tokens) {
      try {
        l.tokenRenewed(token);
      } catch (RuntimeException e) {
        LOG.error("token listener failed", e);
      }
    }
  }

  /** An event about {@code token} (null: none), now. */
  void emit(AuthEvent.Type type, AuthToken token, Optional<Duration> backoff, Optional<String> error) {
    event(new AuthEvent(type, clock.instant(), method, token == null ? "" : token.accessor(),
        token == null ? Optional.empty() : token.expiresAt(), backoff, error));
  }

  void event(AuthEvent event) {
    for (AuthEventListener l : events) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        LOG.error("auth event listener failed", e);
      }
    }
  }
}
