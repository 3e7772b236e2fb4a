package io.vaultlet.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.vaultlet.template.gotmpl.GoFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the 95 template cases translated from consul-template's own tests (/work/shared/corpus/consul-template). Every
 * case passes, or is listed with its reason in docs/compatibility.md; an unlisted failure fails this test, and so does
 * a listed case that passes (the list must stay true).
 */
class ConsulTemplateCorpusTest {

  @Test
  @SuppressWarnings("unchecked")
  void everyCasePassesOrIsDocumented() throws Exception {
    Path dir = CorpusFiles.corpusDir().orElse(null);
    Assumptions.assumeTrue(dir != null, "consul-template corpus not found at ../shared/corpus/consul-template");
    List<Object> cases = (List<Object>) GoJson.parse(Files.readString(dir.resolve("cases.json")),
        GoJson.Numbers.INTEGERS_AS_LONG);
    assertThat(cases).hasSize(95);
    Set<String> known = CorpusFiles.knownFailures();
    Map<String, String> failures = new TreeMap<>();
    List<String> passing = new ArrayList<>();
    for (Object c : cases) {
      Map<String, Object> tc = (Map<String, Object>) c;
      String name = (String) tc.get("name");
      String problem = run(tc);
      if (problem == null) {
        passing.add(name);
      } else {
        failures.put(name, problem);
      }
    }
    List<String> unexpected = new ArrayList<>();
    failures.forEach((name, why) -> {
      if (!known.contains(name)) {
        unexpected.add(name + ": " + why);
      }
    });
    List<String> stale = passing.stream().filter(known::contains).toList();
    if (!unexpected.isEmpty() || !stale.isEmpty()) {
      fail("corpus cases failing but not listed in docs/compatibility.md:\n  " + String.join("\n  ", unexpected)
          + "\ncases listed as failing that pass (remove them from the list):\n  " + String.join("\n  ", stale));
    }
  }

  /** Runs one case; returns null when it passes, else what went wrong. */
  @SuppressWarnings("unchecked")
  static String run(Map<String, Object> tc) {
    Map<String, String> processEnv = strings(tc.get("env"));
    Map<String, String> runnerEnv = Map.of();
    if (tc.get("env_layers") instanceof Map<?, ?> layers) {
      runnerEnv = strings(layers.get("runner_env"));
      processEnv = strings(layers.get("process_env"));
    }
    Map<String, String> process = processEnv;
    String destination = tc.get("destination") instanceof String d ? d : "";
    Template.Builder b = Template.builder("", (String) tc.get("template"))
        .errorOnMissingKey(Boolean.TRUE.equals(tc.get("error_on_missing_key")))
        .destination(destination)
        .processEnv(process::get);
    if (tc.get("function_denylist") instanceof List<?> deny) {
      b.functionDenylist((List<String>) deny);
    }
    if (tc.get("now") instanceof String now) {
      b.clock(Clock.fixed(Instant.parse(now), ZoneOffset.UTC));
    }
    MemoryBrain brain = new MemoryBrain();
    fill(brain, tc, destination);
    Template.Result r;
    try {
      r = b.build().execute(brain, runnerEnv);
    } catch (RenderException e) {
      return Boolean.TRUE.equals(tc.get("expect_error")) ? null : "unexpected error: " + e.getMessage();
    } catch (RuntimeException e) {
      return "crash: " + e;
    }
    if (Boolean.TRUE.equals(tc.get("expect_error"))) {
      return "expected an error, got output " + GoFormat.quote(r.output());
    }
    if (!r.output().equals(tc.get("expected"))) {
      return "output " + GoFormat.quote(r.output()) + ", expected " + GoFormat.quote((String) tc.get("expected"));
    }
    List<String> expectedMissing = tc.get("missing_dependencies") instanceof List<?> l ? (List<String>) l : List.of();
    List<String> missing = r.missing().stream().map(Dependency::key).toList();
    if (!missing.equals(expectedMissing)) {
      return "missing dependencies " + missing + ", expected " + expectedMissing;
    }
    if (tc.get("vault_dependency_ids") instanceof Map<?, ?> ids) {
      List<String> used = r.used().stream().map(Dependency::key).toList();
      for (Object id : ids.values()) {
        if (!used.contains(id)) {
          return "dependency " + id + " not among those used: " + used;
        }
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static void fill(MemoryBrain brain, Map<String, Object> tc, String destination) {
    Map<String, Object> vault = (Map<String, Object>) tc.getOrDefault("vault", Map.of());
    for (Map.Entry<String, Object> e : vault.entrySet()) {
      String key = e.getKey();
      Map<String, Object> body = (Map<String, Object>) e.getValue();
      if (key.startsWith("list ")) {
        Map<String, Object> data = (Map<String, Object>) body.get("data");
        brain.remember(new Dependency.VaultList(key.substring(5)), StringSlice.of((List<String>) data.get("keys")));
      } else if (key.startsWith("write ")) {
        String[] parts = key.substring(6).split(" ");
        Map<String, String> data = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
          int eq = parts[i].indexOf('=');
          data.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
        }
        brain.remember(new Dependency.VaultWrite(parts[0], data), Secret.fromResponse(body));
      } else {
        brain.remember(Dependency.VaultRead.parse(key), Secret.fromResponse(body));
      }
    }
    if (tc.get("vault_pki") instanceof Map<?, ?> pki) {
      for (Map.Entry<?, ?> e : pki.entrySet()) {
        Map<String, Object> v = (Map<String, Object>) e.getValue();
        brain.remember(new Dependency.VaultPki((String) e.getKey(), Map.of(), destination),
            new PemEncoded((String) v.get("Cert"), (String) v.get("Key"), (String) v.get("CA"),
                (List<String>) v.get("CAChain")));
      }
    }
    if (tc.get("files") instanceof Map<?, ?> files) {
      files.forEach((path, content) -> brain.remember(new Dependency.LocalFile((String) path), content));
    }
  }

  private static Map<String, String> strings(Object o) {
    Map<String, String> out = new LinkedHashMap<>();
    if (o instanceof Map<?, ?> m) {
      m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
    }
    return out;
  }
}
