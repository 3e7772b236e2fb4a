package io.vaultlet.config;

import io.vaultlet.config.AwsAccessKeyConfig.Credentials;
import io.vaultlet.support.Suggestions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Binds the vaultlet extension {@code aws_access_key "name" { … }} (several allowed, each labelled). */
final class AwsAccessKeyBinder {

  static final String BLOCK = "aws_access_key";
  static final Set<String> KEYS = Set.of("path", "access_key_field", "secret_key_field", "username", "credentials",
      "region", "iam_endpoint", "sts_endpoint", "rotate_every", "propagation_timeout", "deactivate_after",
      "delete_after");

  private AwsAccessKeyBinder() {}

  static List<AwsAccessKeyConfig> bind(Block root) {
    List<AwsAccessKeyConfig> out = new ArrayList<>();
    for (Block b : root.blocks(BLOCK)) {
      bindOne(b).ifPresent(out::add);
    }
    return out;
  }

  private static Optional<AwsAccessKeyConfig> bindOne(Block b) {
    b.rejectUnknownKeys(KEYS);
    Problems problems = b.problems();
    if (b.labels().size() != 1 || b.labels().get(0).isBlank()) {
      problems.error(b.position(), "'aws_access_key' needs one name: aws_access_key \"deploy-bot\" { … }");
      return Optional.empty();
    }
    String name = b.labels().get(0);
    Optional<String> path = b.nonEmptyString("path").map(AwsAccessKeyBinder::trimSlashes);
    if (path.isEmpty() && !b.has("path")) {
      problems.error(b.position(), "'aws_access_key \"" + name + "\"' needs 'path': the KV v2 secret holding the key"
          + " pair, as templates read it (e.g. \"secret/aws/" + name + "\")");
    }
    String accessField = b.nonEmptyString("access_key_field").orElse(AwsAccessKeyConfig.DEFAULT_ACCESS_KEY_FIELD);
    String secretField = b.nonEmptyString("secret_key_field").orElse(AwsAccessKeyConfig.DEFAULT_SECRET_KEY_FIELD);
    if (accessField.equals(secretField)) {
      problems.error(b.valuePosition("secret_key_field"), "'" + b.qualify("secret_key_field")
          + "' must differ from 'access_key_field' (both are \"" + accessField + "\")");
    }
    Credentials credentials = Credentials.KV;
    Optional<String> written = b.nonEmptyString("credentials");
    if (written.isPresent()) {
      switch (written.get()) {
        case "kv" -> credentials = Credentials.KV;
        case "default_chain" -> credentials = Credentials.DEFAULT_CHAIN;
        default -> problems.error(b.valuePosition("credentials"), "'" + b.qualify("credentials")
            + "' must be \"kv\" (the stored key pair) or \"default_chain\" (the AWS SDK's default credentials)"
            + Suggestions.didYouMean(written.get(), List.of("kv", "default_chain")));
      }
    }
    Duration rotateEvery = positive(b, "rotate_every", AwsAccessKeyConfig.DEFAULT_ROTATE_EVERY);
    Duration propagation = positive(b, "propagation_timeout", AwsAccessKeyConfig.DEFAULT_PROPAGATION_TIMEOUT);
    Duration deactivate = b.seconds("deactivate_after").orElse(AwsAccessKeyConfig.DEFAULT_DEACTIVATE_AFTER);
    Duration delete = b.seconds("delete_after").orElse(AwsAccessKeyConfig.DEFAULT_DELETE_AFTER);
    if (rotateEvery.compareTo(deactivate.plus(delete)) <= 0 && b.has("rotate_every")) {
      problems.warn(b.valuePosition("rotate_every"), "'" + b.qualify("rotate_every") + "' is not longer than"
          + " deactivate_after + delete_after: each rotation will wait for the previous old key to be deleted"
          + " (IAM allows two keys per user)");
    }
    if (path.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new AwsAccessKeyConfig(b.position(), name, path.get(), accessField, secretField,
        b.nonEmptyString("username"), credentials,
        b.nonEmptyString("region").orElse(AwsAccessKeyConfig.DEFAULT_REGION),
        b.httpUrl("iam_endpoint"), b.httpUrl("sts_endpoint"), rotateEvery, propagation, deactivate, delete));
  }

  private static Duration positive(Block b, String key, Duration fallback) {
    Optional<Duration> d = b.seconds(key);
    if (d.isPresent() && d.get().isZero()) {
      b.problems().error(b.valuePosition(key), "'" + b.qualify(key) + "' must be more than zero");
      return fallback;
    }
    return d.orElse(fallback);
  }

  private static String trimSlashes(String p) {
    String s = p.trim();
    while (s.startsWith("/")) {
      s = s.substring(1);
    }
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }
}
