package io.vaultlet.contract;

import java.lang.reflect.InvocationTargetException;

/**
 * Picks the one target of this test JVM, from system properties:
 *
 * <ul>
 *   <li>{@code contract.target=emulator} (default): the in-process emulator;
 *   <li>{@code contract.target=real-vault}, {@code vault.image=hashicorp/vault:1.19} (or {@code openbao/openbao:2.x}):
 *       a dev-mode container started with Testcontainers ({@code -Preal-vault} sets both and compiles the container
 *       target from {@code src/test/real-vault}).
 * </ul>
 *
 * The target is started once and shared by every scenario class (scenarios use unique mount paths), and stopped at
 * JVM exit. When the target cannot start for a reason outside the code under test (no Docker engine, the profile not
 * active), {@link ContractScenario} skips every scenario with that reason instead of failing.
 */
final class ContractTargets {

  static final String TARGET_PROPERTY = "contract.target";
  static final String IMAGE_PROPERTY = "vault.image";
  private static final String CONTAINER_TARGET = "io.vaultlet.contract.VaultContainerTarget";

  private static ContractTarget current;
  private static String unavailable;

  private ContractTargets() {}

  /** The shared target, or null when it is not available here ({@link #unavailableReason()} says why). */
  static synchronized ContractTarget current() {
    if (current == null && unavailable == null) {
      try {
        current = start();
        ContractTarget started = current;
        Runtime.getRuntime().addShutdownHook(new Thread(started::close, "contract-target-stop"));
      } catch (TargetUnavailableException e) {
        unavailable = e.getMessage();
        System.err.println("[contract] scenarios skipped: " + unavailable);
      }
    }
    return current;
  }

  /** Why {@link #current()} is null. */
  static synchronized String unavailableReason() {
    return unavailable;
  }

  private static ContractTarget start() {
    return start(System.getProperty(TARGET_PROPERTY, "emulator").trim(),
        System.getProperty(IMAGE_PROPERTY, "hashicorp/vault:1.19").trim());
  }

  /** Starts a target of this kind; {@link TargetUnavailableException} when it cannot run here. */
  static ContractTarget start(String kind, String image) {
    switch (kind) {
      case "", "emulator":
        return EmulatorTarget.start();
      case "real-vault":
        return startContainer(image);
      default:
        throw new IllegalArgumentException(TARGET_PROPERTY + " must be emulator or real-vault, got \"" + kind + "\"");
    }
  }

  private static ContractTarget startContainer(String image) {
    Class<?> type;
    try {
      type = Class.forName(CONTAINER_TARGET);
    } catch (ClassNotFoundException e) {
      throw new TargetUnavailableException("the real-vault target is compiled only with the Maven profile: "
          + "run mvn -B verify -Preal-vault -Dvault.image=" + image);
    }
    try {
      return (ContractTarget) type.getMethod("start", String.class).invoke(null, image);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("starting " + image + " failed: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(CONTAINER_TARGET + " has no start(String): " + e, e);
    }
  }
}
