package io.vaultlet.dev;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * KV version 2's key metadata writes ({@code metadata/<key>}): POST replaces the fields it names, PATCH merges them the
 * JSON merge-patch way — {@code custom_metadata} keys are merged one by one and a {@code null} value deletes its key,
 * as Vault's {@code pathMetadataPatch} does. Called with the backend's lock held.
 */
final class KvMetadata {

  static final String PREFIX = "custom_metadata validation failed";
  private static final List<String> PATCHABLE = List.of("max_versions", "cas_required", "delete_version_after",
      "custom_metadata");
  private static final int MAX_KEYS = 64;
  private static final int MAX_KEY_LENGTH = 128;
  private static final int MAX_VALUE_LENGTH = 512;

  private KvMetadata() {}

  /** POST/PUT {@code metadata/<key>}: creates the key's metadata when missing; {@code custom_metadata} is replaced. */
  static DevResponse write(KvBackend kv, DevRequest req, String key, KvBackend.Key existing) {
    Map<String, String> custom = null;
    if (req.has("custom_metadata")) {
      custom = strings(req.map("custom_metadata"), false);
      validate(custom);
    }
    KvBackend.Key target = existing;
    if (target == null) {
      target = new KvBackend.Key();
      target.created = req.now();
      target.updated = req.now();
      kv.keys().put(key, target);
    }
    settings(req, target);
    if (custom != null) {
      target.customMetadata = custom;
    }
    KvV2.prune(kv, target);
    return DevResponse.noContent();
  }

  /** PATCH {@code metadata/<key>} of an existing key: only the fields present change; nothing to patch is a 204. */
  static DevResponse patch(KvBackend kv, DevRequest req, KvBackend.Key target) {
    if (PATCHABLE.stream().noneMatch(req::has)) {
      return DevResponse.noContent();
    }
    Map<String, String> merged = null;
    if (req.has("custom_metadata")) {
      Map<String, Object> patch = req.map("custom_metadata");
      validate(strings(patch, true));
      merged = target.customMetadata == null ? new LinkedHashMap<>() : new LinkedHashMap<>(target.customMetadata);
      for (Map.Entry<String, Object> e : patch.entrySet()) {
        if (e.getValue() == null) {
          merged.remove(e.getKey());
        } else {
          merged.put(e.getKey(), e.getValue().toString());
        }
      }
    }
    settings(req, target);
    if (merged != null) {
      target.customMetadata = merged;
    }
    target.updated = req.now();
    KvV2.prune(kv, target);
    return DevResponse.noContent();
  }

  private static void settings(DevRequest req, KvBackend.Key target) {
    if (req.has("max_versions")) {
      target.maxVersions = (int) req.integer("max_versions", 0);
    }
    if (req.has("cas_required")) {
      target.casRequired = req.bool("cas_required", false);
    }
    if (req.has("delete_version_after")) {
      target.deleteVersionAfter = req.duration("delete_version_after");
    }
  }

  /** Vault's {@code parseCustomMetadata}: values as strings ({@code null} → {@code ""} unless filtered). */
  private static Map<String, String> strings(Map<String, Object> raw, boolean dropNulls) {
    Map<String, String> out = new LinkedHashMap<>();
    raw.forEach((k, v) -> {
      if (v != null || !dropNulls) {
        out.put(k, v == null ? "" : v.toString());
      }
    });
    return out;
  }

  /** Vault's {@code validateCustomMetadata}: at most 64 keys, keys of 1–128 and values of 1–512 characters. */
  private static void validate(Map<String, String> custom) {
    if (custom.size() > MAX_KEYS) {
      throw DevException.badRequest(DevException.multi(PREFIX + ": payload must contain at most " + MAX_KEYS
          + " keys, provided " + custom.size()));
    }
    List<String> errors = new ArrayList<>();
    custom.forEach((k, v) -> {
      if (k.isEmpty() || k.length() > MAX_KEY_LENGTH) {
        errors.add(PREFIX + ": length of key \"" + k + "\" is " + k.length() + " but must be 0 < len(key) <= "
            + MAX_KEY_LENGTH);
      }
      if (v.isEmpty() || v.length() > MAX_VALUE_LENGTH) {
        errors.add(PREFIX + ": length of value for key \"" + k + "\" is " + v.length()
            + " but must be 0 < len(value) <= " + MAX_VALUE_LENGTH);
      }
    });
    if (!errors.isEmpty()) {
      throw DevException.badRequest(DevException.multi(errors.toArray(String[]::new)));
    }
  }
}
