package io.vaultlet.rotation.awskey;

import io.vaultlet.config.AwsAccessKeyConfig;
import io.vaultlet.events.RotationJournal;
import io.vaultlet.support.Log;
import io.vaultlet.support.Scheduler;
import io.vaultlet.vault.VaultClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The agent's {@code aws_access_key} rotators, one per block: started together once a Vault token is there, replaced
 * block by block on SIGHUP (an unchanged block keeps running untouched; a changed one is stopped between two steps and
 * started again with its new settings, continuing from the state recorded in KV; a removed one stops; an added one
 * starts), and closed with the agent. {@link #status} and {@link #rotateNow} never wait for a rotator's step or for a
 * reconfiguration under way (they read a snapshot of the set).
 */
public final class AccessKeyRotators implements AutoCloseable {

  private static final Log LOG = Log.named("rotation.aws");

  /** Builds a rotator for a block (tests build theirs against the emulator). */
  @FunctionalInterface
  public interface Factory {
    AccessKeyRotator create(AwsAccessKeyConfig config);
  }

  private final Factory factory;
  private final Map<String, AccessKeyRotator> rotators = new LinkedHashMap<>();
  /** The rotators as of the last change, for the readers that must not wait (status, rotate requests). */
  private volatile Map<String, AccessKeyRotator> view = Map.of();
  private volatile boolean started;

  public AccessKeyRotators(List<AwsAccessKeyConfig> configs, Factory factory) {
    this.factory = factory;
    for (AwsAccessKeyConfig c : configs) {
      rotators.put(c.name(), factory.create(c));
    }
    publish();
  }

  /** Caller holds the monitor (or is the constructor). */
  private void publish() {
    view = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rotators));
  }

  /** Rotators that talk to AWS through the SDK, with the agent's Vault client, scheduler and journal. */
  public static AccessKeyRotators create(List<AwsAccessKeyConfig> configs, Supplier<VaultClient> vault,
      Scheduler scheduler, RotationJournal journal) {
    return new AccessKeyRotators(configs, c -> AccessKeyRotator.create(c, vault, scheduler, journal));
  }

  /** Starts every rotator (idempotent; after the first call it returns at once, taking no lock). */
  public void start() {
    if (started) {
      return;
    }
    synchronized (this) {
      if (started) {
        return;
      }
      started = true;
      rotators.values().forEach(AccessKeyRotator::start);
    }
  }

  /** SIGHUP: applies the new blocks by name. */
  public synchronized void reconfigure(List<AwsAccessKeyConfig> next) {
    Map<String, AwsAccessKeyConfig> wanted = new LinkedHashMap<>();
    next.forEach(c -> wanted.put(c.name(), c));
    for (String name : new ArrayList<>(rotators.keySet())) {
      AwsAccessKeyConfig now = wanted.get(name);
      if (now == null) {
        AccessKeyRotator gone = rotators.remove(name);
        publish();
        gone.close();
        LOG.info("reload: aws_access_key removed; its rotation stops (a rotation under way resumes if it is added"
            + " back)", "name", name);
      } else if (!sameSettings(rotators.get(name).config(), now)) {
        AccessKeyRotator old = rotators.remove(name);
        publish();
        old.close();
        add(now);
        LOG.info("reload: aws_access_key changed; restarted with the new settings", "name", name);
      }
    }
    for (AwsAccessKeyConfig c : next) {
      if (!rotators.containsKey(c.name())) {
        add(c);
        LOG.info("reload: aws_access_key added", "name", c.name());
      }
    }
  }

  private void add(AwsAccessKeyConfig c) {
    AccessKeyRotator r = factory.create(c);
    rotators.put(c.name(), r);
    publish();
    if (started) {
      r.start();
    }
  }

  /** Asks the named rotator to rotate now, without waiting for it; false when there is no such block. */
  public boolean rotateNow(String name) {
    AccessKeyRotator r = view.get(name);
    if (r == null) {
      return false;
    }
    r.rotateNow();
    return true;
  }

  public List<AccessKeyStatus> status() {
    return view.values().stream().map(AccessKeyRotator::status).toList();
  }

  public boolean isEmpty() {
    return view.isEmpty();
  }

  @Override
  public synchronized void close() {
    List<AccessKeyRotator> all = new ArrayList<>(rotators.values());
    rotators.clear();
    publish();
    all.forEach(AccessKeyRotator::close);
  }

  /** Equal settings, wherever the block was written. */
  static boolean sameSettings(AwsAccessKeyConfig a, AwsAccessKeyConfig b) {
    return Objects.equals(withoutPosition(a), withoutPosition(b));
  }

  private static AwsAccessKeyConfig withoutPosition(AwsAccessKeyConfig c) {
    return new AwsAccessKeyConfig(null, c.name(), c.path(), c.accessKeyField(), c.secretKeyField(), c.username(),
        c.credentials(), c.region(), c.iamEndpoint(), c.stsEndpoint(), c.rotateEvery(), c.propagationTimeout(),
        c.deactivateAfter(), c.deleteAfter());
  }
}
