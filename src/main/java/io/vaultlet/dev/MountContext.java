package io.vaultlet.dev;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * What a {@link BackendFactory} learns about the mount it creates a backend for.
 *
 * @param path the mount path with a trailing slash, e.g. {@code secret/} or {@code auth/approle/}
 * @param type the type name, e.g. {@code kv}
 * @param kind secret engine or auth method
 * @param accessor the mount accessor, e.g. {@code kv_1a2b3c4d}
 * @param options the mount's {@code options} map ({@code version} for kv)
 * @param defaultLeaseTtl the mount's effective default lease TTL (tuned, else the system default 768h)
 * @param maxLeaseTtl the mount's effective max lease TTL
 * @param clock the emulator clock: read time only through it
 * @param server options the server was started with ({@link DevOptions#postgresUrl()} for the database engine)
 * @param iam the emulator's IAM stand-in (users and access keys), shared by the {@code /_aws/} APIs, {@code auth/aws}
 *     and the {@code aws} secrets engine
 */
public record MountContext(
    String path,
    String type,
    MountKind kind,
    String accessor,
    Map<String, String> options,
    Duration defaultLeaseTtl,
    Duration maxLeaseTtl,
    Clock clock,
    DevOptions server,
    io.vaultlet.dev.iam.IamStandIn iam) {}
