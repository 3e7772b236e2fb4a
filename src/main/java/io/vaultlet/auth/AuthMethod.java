package io.vaultlet.auth;

import io.vaultlet.vault.VaultClient;
import java.time.Duration;

/**
 * One {@code auto_auth.method}: knows how to build a login for Vault, reading its files and credentials afresh each
 * time (vault-agent.md §2.5, §2.6). Built from configuration by {@link AuthMethods#create}. Methods never log or put
 * secrets in exceptions; every secret they read is registered with the redactor.
 */
public sealed interface AuthMethod
    permits AwsIamMethod, AwsEc2Method, AppRoleMethod, KubernetesMethod, JwtMethod, TokenFileMethod, CertMethod,
        GcpIamMethod, GcpGceMethod, AzureMethod {

  /** The method type as configured: {@code aws}, {@code gcp}, {@code azure}, {@code approle}, {@code jwt}, … */
  String type();

  /**
   * The next login request. {@code client} is the auto-auth client (namespace applied, no token, no HTTP retries); the
   * approle method uses it to unwrap a wrapped secret ID.
   *
   * @throws AuthException when the login cannot be built (missing file, no AWS credentials); auto-auth backs off
   */
  LoginRequest loginRequest(VaultClient client);

  /** The client to send the login with; {@code cert} uses its own TLS client certificate. */
  default VaultClient loginClient(VaultClient shared) {
    return shared;
  }

  /** Called after each successful login (e.g. jwt deletes its file only once it has been used). */
  default void loginSucceeded() {}

  /** How often {@link #credentialsChanged()} should be polled; zero when the method has nothing to poll. */
  default Duration credentialPollInterval() {
    return Duration.ZERO;
  }

  /**
   * Whether the credentials changed since the last login. Only acted upon with
   * {@code enable_reauth_on_new_credentials} (as Vault Agent, which otherwise ignores the signal).
   */
  default boolean credentialsChanged() {
    return false;
  }
}
