package io.vaultlet.dev;

import java.util.List;

/**
 * A hand-written auth method: {@code POST auth/<mount>/login {"role": r, "ttl": …, "max_ttl": …, "period": …}} issues a
 * token with policy {@code r}; role {@code bad} is refused with 400 as a backend error would be.
 */
final class StubLogin implements Backend {

  @Override
  public List<String> unauthenticatedPaths() {
    return List.of("login");
  }

  @Override
  public DevResponse handle(DevRequest req) {
    if (!req.path().equals("login")) {
      throw DevException.unsupportedPath();
    }
    String role = req.string("role");
    if (role == null) {
      throw DevException.badRequest("missing role");
    }
    if (role.equals("bad")) {
      throw DevException.badRequest("invalid role name \"bad\"");
    }
    TtlLimits limits = new TtlLimits(req.duration("ttl"), req.duration("max_ttl"), req.duration("period"));
    return DevResponse.login(TokenSpec.create()
        .policies(List.of(role))
        .limits(limits)
        .metadata("role", role)
        .displayName(role)
        .alias("alias-" + role, null));
  }
}
