package io.vaultlet.auth;

/** A successful login: a token, or (method-level {@code wrap_ttl}) the JSON wrap info destined for the sink. */
record LoginOutcome(AuthToken token, String wrapInfoJson) {

  @Override
  public String toString() {
    return token != null ? "LoginOutcome{" + token + "}" : "LoginOutcome{wrapped}";
  }
}
