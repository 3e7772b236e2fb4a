package io.vaultlet.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Executions through the Go engine: the n-pass contract, KV v2 shapes, options and error redaction. */
class TemplateTest {

  private final MemoryBrain brain = new MemoryBrain();

  private static Template go(String text) {
    return Template.builder("t", text).processEnv(k -> null).build();
  }

  private static Secret kv2(Map<String, Object> data, long version) {
    return Secret.fromResponse(Map.of("request_id", "r1", "lease_duration", 0L, "data",
        Map.of("data", data, "metadata", Map.of("version", version, "destroyed", false))));
  }

  @Test
  void nestedDependenciesAreDiscoveredPassByPass() throws Exception {
    Template t = go("{{ with secret \"kv/app\" }}{{ with secret (printf \"database/creds/%s\" .Data.role) }}"
        + "{{ .Data.username }}{{ end }}{{ end }}");
    Template.Result first = t.execute(brain, Map.of());
    assertThat(first.complete()).isFalse();
    assertThat(first.missing()).extracting(Dependency::key).containsExactly("vault.read(kv/app)");

    brain.remember(Dependency.VaultRead.parse("kv/app"), Secret.fromResponse(Map.of("data", Map.of("role", "ro"))));
    Template.Result second = t.execute(brain, Map.of());
    assertThat(second.missing()).extracting(Dependency::key).containsExactly("vault.read(database/creds/ro)");
    assertThat(second.used()).extracting(Dependency::key)
        .containsExactly("vault.read(kv/app)", "vault.read(database/creds/ro)");

    brain.remember(Dependency.VaultRead.parse("database/creds/ro"),
        Secret.fromResponse(Map.of("lease_id", "database/creds/ro/abc", "lease_duration", 3600L, "renewable", true,
            "data", Map.of("username", "v-ro-xyz", "password", "pw-123456"))));
    Template.Result third = t.execute(brain, Map.of());
    assertThat(third.complete()).isTrue();
    assertThat(third.output()).isEqualTo("v-ro-xyz");
  }

  @Test
  void kvV2ValuesAreUnderDataData() throws Exception {
    brain.remember(Dependency.VaultRead.parse("secret/app"), kv2(Map.of("password", "s3cr3t"), 4L));
    Template.Result r = go("{{ with secret \"secret/app\" }}{{ .Data.data.password }}/v{{ .Data.metadata.version }}"
        + "{{ end }}").execute(brain, Map.of());
    assertThat(r.output()).isEqualTo("s3cr3t/v4");
  }

  @Test
  void rangeAndWithOverMissingDependenciesRenderNothing() throws Exception {
    Template.Result r = go("[{{ range secrets \"kv/\" }}{{ . }}{{ end }}]{{ with secret \"kv/x\" }}x{{ end }}"
        + "{{ if pkiCert \"pki/issue/r\" }}cert{{ else }}none{{ end }}").execute(brain, Map.of());
    assertThat(r.output()).isEqualTo("[]none");
    assertThat(r.missing()).hasSize(3);
  }

  @Test
  void missingKeyErrorAppliesToVaultData() throws Exception {
    brain.remember(Dependency.VaultRead.parse("kv/app"), Secret.fromResponse(Map.of("data", Map.of("a", "b"))));
    String text = "{{ with secret \"kv/app\" }}{{ .Data.nope }}{{ end }}";
    assertThat(go(text).execute(brain, Map.of()).output()).isEqualTo("<no value>");
    Template strict = Template.builder("t", text).errorOnMissingKey(true).build();
    assertThatThrownBy(() -> strict.execute(brain, Map.of()))
        .isInstanceOf(RenderException.class)
        .hasMessageStartingWith("execute: ")
        .hasMessageContaining("map has no entry for key \"nope\"");
  }

  @Test
  void parseErrorsArePrefixed() {
    assertThatThrownBy(() -> go("{{ if }}").execute(brain, Map.of()))
        .isInstanceOf(RenderException.class)
        .hasMessageStartingWith("parse: ")
        .extracting(e -> ((RenderException) e).phase()).isEqualTo(RenderException.Phase.PARSE);
    assertThatThrownBy(() -> go("{{ bad_func }}").execute(brain, Map.of()))
        .hasMessageContaining("function \"bad_func\" not defined");
  }

  @Test
  void aMisspeltFunctionGetsGosMessageAndADidYouMean() {
    assertThatThrownBy(() -> go("{{ \"x\" | toUpperr }}").execute(brain, Map.of()))
        .hasMessage("parse: template: t:1: function \"toUpperr\" not defined (did you mean \"toUpper\"?)");
    assertThatThrownBy(() -> go("{{ zzqqxx }}").execute(brain, Map.of()))
        .hasMessageEndingWith("function \"zzqqxx\" not defined");
  }

  @Test
  void deniedFunctionsParseButFailWhenCalled() throws Exception {
    Template t = Template.builder("t", "{{ if false }}{{ env \"HOME\" }}{{ end }}ok").functionDenylist(List.of("env"))
        .build();
    assertThat(t.execute(brain, Map.of()).output()).isEqualTo("ok");
    Template called = Template.builder("t", "{{ env \"HOME\" }}").functionDenylist(List.of("e*")).build();
    assertThatThrownBy(() -> called.execute(brain, Map.of())).hasMessageContaining("function is disabled");
  }

  @Test
  void executeTemplateRendersADefinedTemplate() throws Exception {
    Template t = go("{{ define \"greet\" }}hi {{ . }}{{ end }}{{ executeTemplate \"greet\" \"bob\" }}|"
        + "{{ executeTemplate \"greet\" }}");
    assertThat(t.execute(brain, Map.of()).output()).isEqualTo("hi bob|hi <no value>");
  }

  @Test
  void scratchLivesForOneExecution() throws Exception {
    Template t = go("{{ if scratch.Key \"n\" }}again{{ else }}first{{ end }}{{ scratch.Set \"n\" 1 }}"
        + "{{ scratch.MapSet \"m\" \"b\" 2 }}{{ scratch.MapSet \"m\" \"a\" 1 }}{{ scratch.MapValues \"m\" }}");
    assertThat(t.execute(brain, Map.of()).output()).isEqualTo("first[1 2]");
    assertThat(t.execute(brain, Map.of()).output()).isEqualTo("first[1 2]");
  }

  @Test
  void pkiCertDataIsTheValueItself() throws Exception {
    brain.remember(new Dependency.VaultPki("pki/issue/web", Map.of("common_name", "a.example"), "/etc/tls/a.pem"),
        new PemEncoded("CERT\n", "KEY\n", "CA\n", List.of("CA\n")));
    Template t = Template.builder("t", "{{ with pkiCert \"pki/issue/web\" \"common_name=a.example\" }}"
        + "{{ .Cert }}{{ .Data.Key }}{{ index .CAChain 0 }}{{ end }}").destination("/etc/tls/a.pem").build();
    assertThat(t.execute(brain, Map.of()).output()).isEqualTo("CERT\nKEY\nCA\n");
  }

  @Test
  void aLocalKeyPkiCertIsOneDependencyForEveryDestinationAndBadKeyArgumentsFailAtTheirLine() throws Exception {
    String call = "pkiCert \"pki/sign/web\" \"common_name=a.example\"";
    Template crt = Template.builder("crt", "{{ with " + call + " }}{{ .Cert }}{{ end }}").destination("/tls/a.crt")
        .build();
    Template key = Template.builder("key", "{{ with " + call + " }}{{ .Key }}{{ end }}").destination("/tls/a.key")
        .build();
    Dependency used = crt.execute(brain, Map.of()).used().get(0);
    assertThat(key.execute(brain, Map.of()).used()).containsExactly(used);
    assertThat(((Dependency.VaultPki) used).destination()).isEmpty();
    // an issue keeps consul-template's identity: the destination is part of it
    Template issue = Template.builder("i", "{{ with pkiCert \"pki/issue/web\" }}{{ end }}").destination("/tls/i.pem")
        .build();
    assertThat(((Dependency.VaultPki) issue.execute(brain, Map.of()).used().get(0)).destination())
        .isEqualTo("/tls/i.pem");

    Template bad = Template.builder("t", "x\n{{ with pkiCert \"pki/sign/web\" \"key_bits=4096\" }}{{ end }}").build();
    assertThatThrownBy(() -> bad.execute(brain, Map.of())).isInstanceOf(RenderException.class)
        .hasMessageContaining("t:2:").hasMessageContaining("key_bits needs key_type (\"rsa\" or \"ec\")");
    Template badSecret = Template.builder("t", "{{ with secret \"pki/sign/web\" \"key_type=dsa\" }}{{ end }}")
        .build();
    assertThatThrownBy(() -> badSecret.execute(brain, Map.of()))
        .hasMessageContaining("key_type must be \"rsa\" or \"ec\", got \"dsa\"");
  }

  @Test
  void identicalContentsWithDifferentDestinationsHaveDifferentIds() {
    Template a = Template.builder("t", "same").destination("/a").build();
    Template b = Template.builder("t", "same").destination("/b").build();
    Template a2 = Template.builder("other name", "same").destination("/a").build();
    assertThat(a.id()).matches("[0-9a-f]{64}").isNotEqualTo(b.id()).isEqualTo(a2.id());
    assertThat(Template.builder("t", "same").source("/src.tpl").destination("/a").build().id()).isNotEqualTo(a.id());
  }

  @Test
  void absentResponseFieldsBehaveLikeGoNilMapsAndSlices() throws Exception {
    brain.remember(new Dependency.VaultWrite("auth/token/create", Map.of("policies", "p")),
        Secret.fromResponse(Map.of("auth", Map.of("client_token", "hvs.x"))));
    Template t = go("{{ with secret \"auth/token/create\" \"policies=p\" }}[{{ .Data.nope }}] {{ .Data }} "
        + "{{ .Warnings }} {{ if .Warnings }}w{{ end }}{{ .Auth.Metadata }}{{ end }}");
    // Go: a missing key of a nil map is the zero value; nil maps and slices print as map[] and []
    assertThat(t.execute(brain, Map.of()).output()).isEqualTo("[<no value>] map[] [] map[]");
    assertThat(go("{{ with secret \"auth/token/create\" \"policies=p\" }}{{ .Warnings | toJSON }} {{ .Data | toJSON }}"
        + "{{ end }}").execute(brain, Map.of()).output()).isEqualTo("null null");
  }

  @Test
  void rootDataIsDot() throws Exception {
    assertThat(go("{{ .name }}").execute(brain, Map.of(), Map.of("name", "x")).output()).isEqualTo("x");
    assertThat(go("{{ . }}").execute(brain, Map.of()).output()).isEqualTo("<no value>");
  }

  @Test
  void runnerEnvironmentOverridesTheProcessEnvironment() throws Exception {
    Template t = Template.builder("t", "{{ env \"A\" }}{{ env \"B\" }}")
        .processEnv(Map.of("A", "process-a", "B", "process-b")::get).build();
    assertThat(t.execute(brain, Map.of("A", "runner-a")).output()).isEqualTo("runner-aprocess-b");
  }

  @Test
  void executionErrorsNeverContainSecretValues() throws Exception {
    brain.remember(Dependency.VaultRead.parse("secret/foo"),
        kv2(Map.of("password", "hunter2-nested-kv2", "user", "dbadmin"), 1L));
    brain.remember(Dependency.VaultRead.parse("kv1/foo"),
        Secret.fromResponse(Map.of("data", Map.of("zip", "zoo-top-level-value"))));
    // range over a string fails, and Go's message quotes the value
    String text = "{{ with secret \"kv1/foo\" }}{{ .Data.zip }}{{ end }}"
        + "{{ with secret \"secret/foo\" }}{{ range $k, $v := .Data.data.password }}{{ end }}{{ end }}";
    assertThatThrownBy(() -> go(text).execute(brain, Map.of()))
        .isInstanceOf(RenderException.class)
        .hasMessageContaining("range can't iterate over")
        .hasMessageContaining("[redacted]")
        .hasMessageNotContaining("hunter2-nested-kv2");
    String text2 = "{{ with secret \"kv1/foo\" }}{{ .Data.zip | parseInt }}{{ end }}";
    assertThatThrownBy(() -> go(text2).execute(brain, Map.of()))
        .hasMessageNotContaining("zoo-top-level-value")
        .hasMessageContaining("parseInt");
    String text3 = "{{ with secret \"secret/foo\" }}{{ .Data.data | parseInt }}{{ end }}";
    assertThatThrownBy(() -> go(text3).execute(brain, Map.of()))
        .hasMessageNotContaining("hunter2-nested-kv2")
        .hasMessageNotContaining("dbadmin");
    // and the values reached the process-wide redactor, so no log line can carry them either
    assertThat(io.vaultlet.support.Redactor.redact("pw=hunter2-nested-kv2")).isEqualTo("pw=[redacted]");
  }

  @Test
  void concurrentExecutionsOfOneTemplateKeepTheirOwnState() throws Exception {
    Template t = go("{{ scratch.Set \"who\" (env \"WHO\") }}{{ with secret (printf \"kv/%s\" (env \"WHO\")) }}"
        + "{{ .Data.v }}{{ end }}/{{ scratch.Get \"who\" }}");
    brain.remember(Dependency.VaultRead.parse("kv/a"), Secret.fromResponse(Map.of("data", Map.of("v", "value-a"))));
    brain.remember(Dependency.VaultRead.parse("kv/b"), Secret.fromResponse(Map.of("data", Map.of("v", "value-b"))));
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      List<java.util.concurrent.Future<Boolean>> runs = new java.util.ArrayList<>();
      for (String who : List.of("a", "b")) {
        runs.add(pool.submit(() -> {
          for (int i = 0; i < 500; i++) {
            Template.Result r = t.execute(brain, Map.of("WHO", who));
            if (!r.output().equals("value-" + who + "/" + who) || r.used().size() != 1
                || !r.used().get(0).key().equals("vault.read(kv/" + who + ")")) {
              return false;
            }
          }
          return true;
        }));
      }
      for (java.util.concurrent.Future<Boolean> run : runs) {
        assertThat(run.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void valuesFetchedAfterTheFirstRenderAreRedactedToo() throws Exception {
    Dependency creds = Dependency.VaultRead.parse("database/creds/rotating");
    Template t = go("{{ with secret \"database/creds/rotating\" }}{{ .Data.password }}{{ end }}");
    brain.remember(creds, Secret.fromResponse(Map.of("data", Map.of("password", "first-rotating-pw-4711"))));
    assertThat(t.execute(brain, Map.of()).output()).isEqualTo("first-rotating-pw-4711");
    assertThat(t.execute(brain, Map.of()).output()).isEqualTo("first-rotating-pw-4711");
    // the runtime fetches a new credential after the value was registered: the new value must be registered too
    brain.remember(creds, Secret.fromResponse(Map.of("data", Map.of("password", "second-rotating-pw-4712"))));
    assertThat(t.execute(brain, Map.of()).output()).isEqualTo("second-rotating-pw-4712");
    assertThat(io.vaultlet.support.Redactor.redact("old=first-rotating-pw-4711 new=second-rotating-pw-4712"))
        .isEqualTo("old=[redacted] new=[redacted]");
    assertThatThrownBy(() -> go("{{ with secret \"database/creds/rotating\" }}{{ .Data.password | parseInt }}"
        + "{{ end }}").execute(brain, Map.of()))
        .hasMessageContaining("parseInt")
        .hasMessageNotContaining("second-rotating-pw-4712");
  }

  @Test
  void sprigFunctionsArePrefixed() throws Exception {
    assertThat(go("{{ sprig_upper \"hello\" }}").execute(brain, Map.of()).output()).isEqualTo("HELLO");
    assertThatThrownBy(() -> go("{{ sprig_repeat \"hello\" 3 }}").execute(brain, Map.of()))
        .isInstanceOf(RenderException.class);
  }

  @Test
  void handlebarsDialectIsChosenBySourceOrEngine() {
    assertThat(Dialect.select("/etc/vaultlet/db.conf.hbs", null)).isEqualTo(Dialect.HANDLEBARS);
    assertThat(Dialect.select("/etc/vaultlet/db.conf.tpl", null)).isEqualTo(Dialect.GO);
    assertThat(Dialect.select("x.tpl", "handlebars")).isEqualTo(Dialect.HANDLEBARS);
    assertThatThrownBy(() -> Dialect.select("x", "jinja")).hasMessageContaining("unknown template engine");
  }
}
