package io.vaultlet.support;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Failures in plain words, for people: {@code connection refused (127.0.0.1:8200)} rather than
 * {@code ConnectException: ConnectException: ClosedChannelException}, {@code no such file} rather than the path again.
 * The words never carry a secret of their own; callers still log them through {@link Log} (which redacts).
 */
public final class Failures {

  private Failures() {}

  /**
   * Any failure: its messages along the cause chain, each with the exception's simple name when the message alone
   * would say nothing (a {@code null} message, or a JVM error such as {@code NoSuchMethodError}). Never empty.
   */
  public static String describe(Throwable t) {
    if (t == null) {
      return "unknown error";
    }
    Set<String> parts = new LinkedHashSet<>();
    for (Throwable c = t; c != null && parts.size() < 6; c = c.getCause() == c ? null : c.getCause()) {
      String msg = c.getMessage();
      boolean plainException = c instanceof IOException || c instanceof IllegalArgumentException
          || c instanceof IllegalStateException;
      if (msg == null || msg.isBlank()) {
        if (parts.isEmpty() || !(c instanceof IOException)) {
          parts.add(c.getClass().getSimpleName());
        }
      } else if (plainException) {
        parts.add(msg.strip());
      } else {
        parts.add(c.getClass().getSimpleName() + ": " + msg.strip());
      }
      if (msg != null && c.getCause() != null && msg.contains(String.valueOf(c.getCause().getMessage()))) {
        break; // the message already quotes its cause (Java's default for wrapped exceptions)
      }
    }
    return String.join(": ", parts);
  }

  /**
   * A failure to talk to {@code hostPort} over the network, in the words {@code curl} or Go would use: connection
   * refused, timed out, unknown host, TLS handshake failed, closed without an answer. Falls back to
   * {@link #describe}.
   */
  public static String network(Throwable t, String hostPort) {
    String where = hostPort == null || hostPort.isEmpty() ? "" : " (" + hostPort + ")";
    Throwable tls = null;
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof HttpConnectTimeoutException) {
        return "timed out connecting" + where;
      }
      if (c instanceof HttpTimeoutException || c instanceof SocketTimeoutException) {
        return "timed out waiting for an answer" + where;
      }
      if (c instanceof UnknownHostException || c instanceof UnresolvedAddressException) {
        return "unknown host" + where;
      }
      if (c instanceof NoRouteToHostException) {
        return "no route to host" + where;
      }
      if (c instanceof CertPathValidatorException || c instanceof CertificateException) {
        String m = String.valueOf(c.getMessage());
        if (m.toLowerCase(Locale.ROOT).contains("no subject alternative") || m.contains("doesn't match")
            || m.contains("is not valid for")) {
          return "TLS: the server's certificate does not match the host name" + where + ": " + m;
        }
        return "TLS: the server's certificate is not trusted" + where + ": " + m;
      }
      if (c instanceof SSLHandshakeException || c instanceof SSLException) {
        tls = tls == null ? c : tls;
      }
    }
    if (tls != null) {
      return "TLS handshake failed" + where + ": " + String.valueOf(tls.getMessage());
    }
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof ConnectException) {
        return "connection refused" + where;
      }
      String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
      if (c instanceof EOFException || m.contains("received no bytes") || m.contains("connection reset")
          || m.contains("closed")) {
        return "the server closed the connection without an answer" + where;
      }
    }
    return describe(t) + (where.isEmpty() ? "" : " " + where.strip());
  }

  /** A file that could not be read or written: {@code no such file}, {@code permission denied}, {@code is a directory}. */
  public static String file(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NotDirectoryException) {
      return "a parent is not a directory";
    }
    if (e instanceof FileSystemException fse && fse.getReason() != null) {
      String reason = fse.getReason();
      return reason.isEmpty() ? describe(e) : Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
    }
    String m = e.getMessage();
    if (m != null && m.toLowerCase(Locale.ROOT).contains("is a directory")) {
      return "is a directory";
    }
    return describe(e);
  }
}
