package io.vaultlet.dev.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KubernetesClaimsTest {

  @Test
  void readsLegacySecretBasedServiceAccountTokens() {
    KubernetesBackend.ServiceAccount sa = KubernetesBackend.serviceAccount(Map.of(
        "iss", "kubernetes/serviceaccount",
        "kubernetes.io/serviceaccount/namespace", "default",
        "kubernetes.io/serviceaccount/secret.name", "vault-auth-token-t5pcn",
        "kubernetes.io/serviceaccount/service-account.name", "vault-auth",
        "kubernetes.io/serviceaccount/service-account.uid", "d77f89bc-9055-11e7-a068-0800276d99bf"));

    assertThat(sa).isEqualTo(new KubernetesBackend.ServiceAccount("vault-auth", "default",
        "d77f89bc-9055-11e7-a068-0800276d99bf", "vault-auth-token-t5pcn"));
  }

  @Test
  void readsProjectedTokens() {
    KubernetesBackend.ServiceAccount sa = KubernetesBackend.serviceAccount(Map.of("kubernetes.io",
        Map.of("namespace", "prod", "pod", Map.of("name", "p"), "serviceaccount", Map.of("name", "app", "uid", "u1"))));

    assertThat(sa).isEqualTo(new KubernetesBackend.ServiceAccount("app", "prod", "u1", ""));
  }
}
