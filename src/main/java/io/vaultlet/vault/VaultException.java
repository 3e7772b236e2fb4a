package io.vaultlet.vault;

import io.vaultlet.support.Failures;
import io.vaultlet.support.Redactor;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A Vault request that failed: an HTTP status of 400 or more (after retries), or no answer at all ({@link #status()}
 * is 0). Carries Vault's {@code errors[]}, the method and the path; never the token, the request body or query.
 *
 * <p>Branch on {@link #status()}, never on message text (Vault's messages change between versions).
 */
public final class VaultException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final List<String> errors;
  private final String method;
  private final String path;
  private final transient Duration retryAfter;

  VaultException(int status, List<String> errors, String method, String path, String url, Duration retryAfter,
      Throwable cause) {
    super(Redactor.redact(format(status, errors, method, url, cause)), cause);
    this.status = status;
    this.errors = errors.stream().map(Redactor::redact).toList();
    this.method = method;
    this.path = path;
    this.retryAfter = retryAfter;
  }

  static VaultException http(int status, List<String> errors, String method, String path, String url,
      Duration retryAfter) {
    return new VaultException(status, errors, method, path, url, retryAfter, null);
  }

  static VaultException connection(String method, String path, String url, Throwable cause) {
    return new VaultException(0, List.of(), method, path, url, null, cause);
  }

  static VaultException client(String method, String path, String url, String problem) {
    return new VaultException(0, List.of(problem), method, path, url, null, null);
  }

  private static String format(int status, List<String> errors, String method, String url, Throwable cause) {
    StringBuilder sb = new StringBuilder("Error making API request.\n\nURL: ").append(method).append(' ').append(url);
    if (status > 0) {
      sb.append("\nCode: ").append(status).append(". Errors:\n");
      for (String e : errors) {
        sb.append("\n* ").append(e);
      }
    } else {
      for (String e : errors) {
        sb.append('\n').append(e);
      }
      if (cause != null) {
        sb.append("\n").append(Failures.network(cause, hostPort(url)));
      }
    }
    return sb.toString();
  }

  private static String hostPort(String url) {
    try {
      java.net.URI u = java.net.URI.create(url);
      return u.getHost() == null ? "" : Transport.hostAndPort(u);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  /** The HTTP status; 0 when no response arrived (connection refused, TLS failure, timeout, interrupted). */
  public int status() {
    return status;
  }

  /** Vault's {@code errors[]} (may be empty, e.g. a plain 404), or the raw body when it was not JSON. */
  public List<String> errors() {
    return errors;
  }

  public String method() {
    return method;
  }

  /** The logical path, e.g. {@code secret/data/app} (no {@code /v1/}, no query). */
  public String path() {
    return path;
  }

  /** The server's {@code Retry-After} on a 429/503 that outlasted the client's own retries. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** True when no HTTP response arrived. */
  public boolean isConnectionError() {
    return status == 0;
  }

  /** 403: permission denied or a bad token (tell them apart with {@code lookupSelf}). */
  public boolean isPermissionDenied() {
    return status == 403;
  }
}
