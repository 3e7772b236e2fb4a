package io.vaultlet.auth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a method wants sent to Vault: {@code PUT /v1/<path>} with a JSON body and extra headers, as Vault's
 * {@code AuthMethod.Authenticate} returns. {@code toString} lists the path and body keys only (bodies hold secrets).
 *
 * @param path the login path, e.g. {@code auth/approle/login}; {@link #LOOKUP_SELF} for {@code token_file}
 * @param body the JSON body
 * @param headers extra HTTP headers
 */
public record LoginRequest(String path, Map<String, Object> body, Map<String, String> headers) {

  /** The path {@code token_file} uses: no login, a lookup of the file's token. */
  public static final String LOOKUP_SELF = "auth/token/lookup-self";

  public LoginRequest {
    Objects.requireNonNull(path, "path");
    body = Collections.unmodifiableMap(new LinkedHashMap<>(body == null ? Map.of() : body));
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers == null ? Map.of() : headers));
  }

  public static LoginRequest of(String path, Map<String, Object> body) {
    return new LoginRequest(path, body, Map.of());
  }

  @Override
  public String toString() {
    return "LoginRequest{path=" + path + ", body keys=" + body.keySet() + ", headers=" + headers.keySet() + "}";
  }
}
