package io.vaultlet.contract;

/** The target cannot run here for a reason outside the code under test (no Docker engine, for one): skip, not fail. */
public final class TargetUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public TargetUnavailableException(String reason) {
    super(reason);
  }
}
