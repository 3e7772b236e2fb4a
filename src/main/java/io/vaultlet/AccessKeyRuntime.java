package io.vaultlet;

import io.vaultlet.config.AwsAccessKeyConfig;
import io.vaultlet.events.RotationJournal;
import io.vaultlet.rotation.awskey.AccessKeyRotators;
import io.vaultlet.rotation.awskey.AccessKeyStatus;
import io.vaultlet.support.Log;
import io.vaultlet.support.Scheduler;
import io.vaultlet.vault.VaultClient;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The agent's {@code aws_access_key} rotators: built on their own scheduler (IAM and Vault calls may block for a
 * while; the agent's injected one in tests), started once a Vault token is there, reconfigured on SIGHUP, closed with
 * the agent. Every step goes to the agent's journal.
 */
final class AccessKeyRuntime implements AutoCloseable {

  private static final Log LOG = Log.named("agent");

  /**
   * Guards the rotators and their scheduler. Never the agent's monitor: the token listener that starts them runs
   * under the token manager's lock, and a reload holds the agent's monitor while it registers token listeners.
   */
  private final Object lock = new Object();
  private final RotationJournal journal;
  private final Supplier<Scheduler> newScheduler;
  private final Consumer<Scheduler> closeScheduler;
  private Scheduler scheduler;
  private volatile AccessKeyRotators rotators;
  /** The Vault client with the current auto-auth token (or VAULT_TOKEN). */
  private volatile VaultClient tokenClient;

  /**
   * @param newScheduler makes the rotators' scheduler when the first block starts
   * @param closeScheduler ends it (the agent's rule: its own pools only, never an injected scheduler)
   */
  AccessKeyRuntime(RotationJournal journal, Supplier<Scheduler> newScheduler, Consumer<Scheduler> closeScheduler) {
    this.journal = journal;
    this.newScheduler = newScheduler;
    this.closeScheduler = closeScheduler;
  }

  /**
   * A Vault token is there (or a new one): the rotators use it from now on, and start if they have not. Called from
   * the token listener (the token manager's thread and lock): takes no lock when they run already.
   */
  void tokenChanged(VaultClient withToken) {
    tokenClient = withToken;
    AccessKeyRotators r = rotators;
    if (r != null) {
      r.start();
    }
  }

  /** Builds the rotators for {@code blocks}; they start now when a token is there, else with the first token. */
  void start(List<AwsAccessKeyConfig> blocks, boolean autoAuth) {
    synchronized (lock) {
      if (scheduler == null) {
        scheduler = newScheduler.get();
      }
      rotators = AccessKeyRotators.create(blocks, () -> tokenClient, scheduler, journal);
      if (tokenClient != null) {
        rotators.start();
      } else if (!autoAuth) {
        LOG.error("aws_access_key rotation needs a Vault token: configure auto_auth (or VAULT_TOKEN); nothing"
            + " rotates");
      }
    }
  }

  /** SIGHUP: the running rotators take the new blocks; without any yet, they start when {@code mayStart}. */
  void reconfigure(List<AwsAccessKeyConfig> blocks, boolean mayStart, boolean autoAuth) {
    synchronized (lock) {
      if (rotators != null) {
        rotators.reconfigure(blocks);
      } else if (!blocks.isEmpty() && mayStart) {
        start(blocks, autoAuth);
      }
    }
  }

  /** One entry per block; empty without blocks. */
  List<AccessKeyStatus> status() {
    AccessKeyRotators r = rotators;
    return r == null ? List.of() : r.status();
  }

  /** Rotates the named block now, whatever its key's age; false when no such block runs. */
  boolean rotateNow(String name) {
    AccessKeyRotators r = rotators;
    return r != null && r.rotateNow(name);
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (rotators != null) {
        rotators.close();
      }
      if (scheduler != null) {
        closeScheduler.accept(scheduler);
      }
    }
  }
}
