package io.vaultlet.dev;

/** Vault's logical operations (contract §1.2); each maps to the ACL capability of the same name. */
public enum Operation {
  READ("read"),
  LIST("list"),
  CREATE("create"),
  UPDATE("update"),
  PATCH("patch"),
  DELETE("delete");

  private final String capability;

  Operation(String capability) {
    this.capability = capability;
  }

  /** The ACL capability this operation needs. */
  public String capability() {
    return capability;
  }

  /** POST/PUT: create or update (which one is decided by {@link Backend#exists}). */
  public boolean isWrite() {
    return this == CREATE || this == UPDATE;
  }
}
