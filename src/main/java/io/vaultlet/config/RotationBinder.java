package io.vaultlet.config;

import io.vaultlet.config.RotationConfig.Slots;
import io.vaultlet.config.VerifyConfig.AwsCheck;
import io.vaultlet.config.VerifyConfig.OnFailure;
import io.vaultlet.config.VerifyConfig.TlsCheck;
import io.vaultlet.support.Suggestions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Binds a template's rotation keys (vaultlet extensions, docs/rotation.md): {@code verify { postgres, tls { ca_file,
 * hostnames, key_file }, aws { access_key_id, secret_access_key, session_token, region, sts_endpoint }, command,
 * timeout, on_failure }}, {@code grace_period} and {@code slots}.
 */
final class RotationBinder {

  static final Set<String> VERIFY_KEYS = Set.of("postgres", "tls", "aws", "command", "timeout", "on_failure");
  static final Set<String> TLS_KEYS = Set.of("ca_file", "hostnames", "key_file");
  static final Set<String> AWS_KEYS = Set.of("access_key_id", "secret_access_key", "session_token", "region",
      "sts_endpoint");

  private RotationBinder() {}

  static RotationConfig rotation(Block template) {
    Optional<VerifyConfig> verify = template.singleBlock("verify").flatMap(RotationBinder::verify);
    Duration grace = template.seconds("grace_period").orElse(Duration.ZERO);
    Slots slots = slots(template);
    if (slots == Slots.BLUE_GREEN && template.bool("backup", false)) {
      template.problems().error(template.positionOf("backup"), "'template.backup' cannot be used with "
          + "slots = \"blue_green\": the other slot already keeps the previous file");
    }
    return new RotationConfig(verify, grace, slots);
  }

  private static Optional<VerifyConfig> verify(Block block) {
    block.rejectUnknownKeys(VERIFY_KEYS);
    Optional<String> postgres = block.nonEmptyString("postgres");
    Optional<TlsCheck> tls = block.singleBlock("tls").map(RotationBinder::tls);
    Optional<AwsCheck> aws = block.singleBlock("aws").flatMap(RotationBinder::aws);
    List<String> command = block.stringList("command", false);
    if (block.has("command") && (command.isEmpty() || command.get(0).isBlank())) {
      block.problems().error(block.valuePosition("command"), "'" + block.qualify("command") + "' must not be empty");
    }
    if (postgres.isEmpty() && tls.isEmpty() && aws.isEmpty() && command.isEmpty() && !block.has("postgres")
        && !block.has("command") && !block.has("aws")) {
      block.problems().error(block.position(),
          "'" + block.path() + "' needs at least one check: postgres, tls { … }, aws { … } or command");
    }
    Duration timeout = block.goDuration("timeout").orElse(VerifyConfig.DEFAULT_TIMEOUT);
    if (timeout.isZero()) {
      block.problems().error(block.valuePosition("timeout"),
          "'" + block.qualify("timeout") + "' must be longer than zero, e.g. \"10s\"");
    }
    return Optional.of(new VerifyConfig(block.position(), postgres, tls, aws, command, timeout, onFailure(block)));
  }

  private static Optional<AwsCheck> aws(Block block) {
    block.rejectUnknownKeys(AWS_KEYS);
    Optional<String> id = block.nonEmptyString("access_key_id");
    Optional<String> secret = block.nonEmptyString("secret_access_key");
    for (String key : List.of("access_key_id", "secret_access_key")) {
      if (!block.has(key)) {
        block.problems().error(block.position(), "'" + block.qualify(key) + "' is required: a template rendering "
            + "the key pair to check, from the same data as the file");
      }
    }
    Optional<String> endpoint = block.httpUrl("sts_endpoint").map(java.net.URI::toString);
    if (id.isEmpty() || secret.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new AwsCheck(id.get(), secret.get(), block.nonEmptyString("session_token"),
        block.nonEmptyString("region").orElse(AwsAccessKeyConfig.DEFAULT_REGION), endpoint));
  }

  private static TlsCheck tls(Block block) {
    block.rejectUnknownKeys(TLS_KEYS);
    return new TlsCheck(block.nonEmptyString("ca_file"), block.stringList("hostnames", false),
        block.nonEmptyString("key_file"));
  }

  private static OnFailure onFailure(Block block) {
    Optional<String> written = block.string("on_failure");
    if (written.isEmpty()) {
      return OnFailure.KEEP;
    }
    switch (written.get().toLowerCase(Locale.ROOT)) {
      case "keep":
        return OnFailure.KEEP;
      case "publish":
        return OnFailure.PUBLISH;
      default:
        block.problems().error(block.valuePosition("on_failure"), "'" + block.qualify("on_failure")
            + "' must be \"keep\" or \"publish\"" + Suggestions.didYouMean(written.get(), List.of("keep", "publish")));
        return OnFailure.KEEP;
    }
  }

  private static Slots slots(Block block) {
    Optional<String> written = block.string("slots");
    if (written.isEmpty() || written.get().isEmpty()) {
      return Slots.NONE;
    }
    if (written.get().equalsIgnoreCase("blue_green")) {
      return Slots.BLUE_GREEN;
    }
    block.problems().error(block.valuePosition("slots"), "'" + block.qualify("slots") + "' must be \"blue_green\""
        + Suggestions.didYouMean(written.get(), List.of("blue_green")));
    return Slots.NONE;
  }
}
