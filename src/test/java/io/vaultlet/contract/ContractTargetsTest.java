package io.vaultlet.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** How the suite picks its target, and why it skips instead of failing when the target cannot run here. */
class ContractTargetsTest {

  @Test
  void theEmulatorIsTheDefaultTargetAndAnswersOverHttp() {
    try (ContractTarget target = ContractTargets.start("", "ignored")) {
      assertThat(target.isEmulator()).isTrue();
      assertThat(target.address().getScheme()).isEqualTo("http");
      assertThat(Wire.to(target).get("sys/health").status()).isEqualTo(200);
    }
  }

  @Test
  void aRealVaultWithoutTheMavenProfileIsUnavailableWithAReasonSayingHowToRunIt() {
    Assumptions.assumeFalse(onClassPath("io.vaultlet.contract.VaultContainerTarget"),
        "the real-vault profile is active: the container target is compiled");
    assertThatThrownBy(() -> ContractTargets.start("real-vault", "openbao/openbao:2.4"))
        .isInstanceOf(TargetUnavailableException.class)
        .hasMessageContaining("-Preal-vault")
        .hasMessageContaining("openbao/openbao:2.4");
  }

  private static boolean onClassPath(String name) {
    try {
      Class.forName(name);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  @Test
  void anUnknownTargetKindIsAConfigurationError() {
    assertThatThrownBy(() -> ContractTargets.start("staging", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("contract.target must be emulator or real-vault");
  }
}
