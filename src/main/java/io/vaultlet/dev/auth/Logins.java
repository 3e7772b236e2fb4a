package io.vaultlet.dev.auth;

import io.vaultlet.dev.DevException;
import io.vaultlet.dev.DevRequest;
import io.vaultlet.dev.DevResponse;
import io.vaultlet.dev.TokenSpec;
import io.vaultlet.dev.TtlLimits;
import java.security.PublicKey;
import java.util.List;
import java.util.function.Supplier;

/** Glue shared by the auth methods: a {@link LoginResult} becomes the core's {@link TokenSpec}. */
final class Logins {

  private Logins() {}

  /** A login answer; {@code currentLimits} re-reads the role at renewal (throws {@link DevException} if it is gone). */
  static DevResponse answer(LoginResult login, Supplier<TtlLimits> currentLimits) {
    TokenSpec spec = TokenSpec.create()
        .policies(login.policies())
        .limits(new TtlLimits(login.ttl(), login.maxTtl(), login.period()))
        .metadata(login.metadata())
        .displayName(login.displayName())
        .numUses(login.numUses())
        .alias(login.aliasName(), login.metadata())
        .onRenew(token -> currentLimits.get());
    return DevResponse.login(spec);
  }

  /** Runs a backend step, turning the methods' {@link AuthException} into the core's {@link DevException}. */
  static DevResponse guarded(Supplier<DevResponse> step) {
    try {
      return step.get();
    } catch (AuthException e) {
      throw DevException.of(e.status(), e.status() == 403 && "permission denied".equals(e.getMessage())
          ? DevException.multi("permission denied") : e.getMessage());
    }
  }

  /** Login and other action paths take writes only. */
  static void requireWrite(DevRequest req) {
    if (!req.operation().isWrite()) {
      throw DevException.unsupportedOperation();
    }
  }

  /** The PEM public keys of a method's config write, a parse failure being the caller's error (400). */
  static List<PublicKey> publicKeys(List<String> pems) {
    try {
      return JwtVerifier.parseKeys(pems);
    } catch (IllegalArgumentException e) {
      throw DevException.badRequest(e.getMessage());
    }
  }

  static String lastSegment(DevRequest req, String prefix) {
    String rest = req.path().substring(prefix.length());
    if (rest.isEmpty() || rest.contains("/")) {
      throw DevException.unsupportedPath();
    }
    return rest;
  }
}
