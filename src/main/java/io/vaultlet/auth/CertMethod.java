package io.vaultlet.auth;

import io.vaultlet.vault.VaultClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code cert}: TLS client-certificate login, body {@code {}} or {@code {"name": …}}. With {@code client_cert} /
 * {@code client_key} / {@code ca_cert} the login uses its own TLS client (rebuilt at every login with
 * {@code reload = true}, so rotated files are picked up); otherwise the {@code vault} stanza's certificate.
 */
public final class CertMethod implements AuthMethod {

  private final String mountPath;
  private final Optional<String> name;
  private final Optional<Path> caCert;
  private final Optional<Path> clientCert;
  private final Optional<Path> clientKey;
  private final boolean reload;
  private VaultClient own;

  CertMethod(String mountPath, Optional<String> name, Optional<Path> caCert, Optional<Path> clientCert,
      Optional<Path> clientKey, boolean reload) {
    this.mountPath = mountPath;
    this.name = name;
    this.caCert = caCert;
    this.clientCert = clientCert;
    this.clientKey = clientKey;
    this.reload = reload;
  }

  @Override
  public String type() {
    return "cert";
  }

  @Override
  public LoginRequest loginRequest(VaultClient client) {
    Map<String, Object> body = new LinkedHashMap<>();
    name.filter(n -> !n.isEmpty()).ifPresent(n -> body.put("name", n));
    return LoginRequest.of(mountPath + "/login", body);
  }

  @Override
  public synchronized VaultClient loginClient(VaultClient shared) {
    if (caCert.isEmpty() && clientCert.isEmpty()) {
      return shared;
    }
    if (own == null || reload) {
      VaultClient.Settings s = shared.settings();
      VaultClient.Settings mine = new VaultClient.Settings(s.address(), caCert.orElse(s.caCert()),
          caCert.isPresent() ? null : s.caPath(), clientCert.orElse(s.clientCert()), clientKey.orElse(s.clientKey()),
          s.tlsSkipVerify(), s.tlsServerName(), s.namespace(), 0, s.maxConnectionsPerHost(), s.timeout(),
          s.redirectAddresses(), s.maxResponseSize());
      try {
        own = VaultClient.create(mine);
      } catch (IOException | IllegalArgumentException e) {
        throw new AuthException("cert auth: cannot build the TLS client: " + e.getMessage(), e);
      }
    }
    return shared.namespace().isEmpty() ? own : own.withNamespace(shared.namespace());
  }
}
