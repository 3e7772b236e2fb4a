package io.vaultlet.dev.database;

/** The database refused or failed an operation; the message is safe to return to the client (no statements). */
final class DatabaseException extends Exception {
  private static final long serialVersionUID = 1L;

  DatabaseException(String message, Throwable cause) {
    super(message, cause == null ? null : new Exception(cause.getClass().getName()));
  }
}
