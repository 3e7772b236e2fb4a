package io.vaultlet.config;

import io.vaultlet.config.hcl.Position;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code auto_auth.sink}: where to write each new token (vault-agent.md §1.5, §4). Only {@code file} exists.
 *
 * @param type from {@code type} or the single label
 * @param wrapTtl {@code wrap_ttl}: wrap each token before writing it; zero means off
 * @param dhType {@code dh_type}: empty or {@code curve25519}
 * @param dhPath {@code dh_path}: the peer's public key file; set exactly when {@code dhType} is
 * @param deriveKey {@code derive_key} (HKDF)
 * @param aad {@code aad}, or the value of the environment variable named by {@code aad_env_var}
 * @param path {@code config.path}: the token file
 * @param mode {@code config.mode}: file mode, default {@code 0640}
 * @param uid {@code config.owner} (Vault) or {@code config.uid} (OpenBao)
 * @param gid {@code config.group} (Vault) or {@code config.gid} (OpenBao)
 * @param config the whole {@code config} map, as written
 */
public record SinkConfig(
    Position position,
    String type,
    Duration wrapTtl,
    Optional<String> dhType,
    Optional<String> dhPath,
    boolean deriveKey,
    Optional<String> aad,
    String path,
    int mode,
    Optional<Integer> uid,
    Optional<Integer> gid,
    FreeformMap config) {

  public static final int DEFAULT_MODE = 0640;
}
