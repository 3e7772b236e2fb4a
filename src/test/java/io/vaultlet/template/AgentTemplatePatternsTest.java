package io.vaultlet.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Templates as Vault Agent users write them (patterns from the Vault Agent and consul-template docs). */
class AgentTemplatePatternsTest {

  private final MemoryBrain brain = new MemoryBrain();

  private static Template go(String text) {
    return Template.builder("t", text).processEnv(k -> null).build();
  }

  private String render(String text) throws RenderException {
    Template.Result r = go(text).execute(brain, Map.of());
    assertThat(r.missing()).isEmpty();
    return r.output();
  }

  private void kv2(String path, Map<String, Object> data) {
    brain.remember(Dependency.VaultRead.parse(path), Secret.fromResponse(Map.of("data",
        Map.of("data", data, "metadata", Map.of("version", 2L, "created_time", "2026-11-27T10:00:00Z")))));
  }

  @Test
  void kvV2ToAnEnvironmentFile() throws Exception {
    kv2("secret/app", Map.of("DB_PASSWORD", "pw", "API_KEY", "k1", "PORT", 8080L));
    assertThat(render("{{ with secret \"secret/app\" }}{{ range $k, $v := .Data.data }}export {{ $k }}=\"{{ $v }}\"\n"
        + "{{ end }}{{ end }}"))
        .isEqualTo("export API_KEY=\"k1\"\nexport DB_PASSWORD=\"pw\"\nexport PORT=\"8080\"\n");
  }

  @Test
  void kvV2ToJson() throws Exception {
    kv2("secret/app", Map.of("url", "https://db?a=1&b=2", "port", 5432L));
    assertThat(render("{{ with secret \"secret/app\" }}{{ .Data.data | toJSON }}{{ end }}"))
        .isEqualTo("{\"port\":5432,\"url\":\"https://db?a=1\\u0026b=2\"}");
    assertThat(render("{{ with secret \"secret/app\" }}{{ .Data.data | toUnescapedJSONPretty }}{{ end }}"))
        .isEqualTo("{\n  \"port\": 5432,\n  \"url\": \"https://db?a=1&b=2\"\n}");
  }

  @Test
  void awsCredentialsFile() throws Exception {
    Map<String, Object> data = new java.util.HashMap<>();
    data.put("access_key", "AKIAEXAMPLE");
    data.put("secret_key", "s3cr3t");
    data.put("security_token", null);
    brain.remember(Dependency.VaultRead.parse("aws/creds/deploy"), Secret.fromResponse(Map.of(
        "lease_id", "aws/creds/deploy/abc", "lease_duration", 900L, "renewable", true, "data", data)));
    assertThat(render("{{ with secret \"aws/creds/deploy\" }}[default]\naws_access_key_id = {{ .Data.access_key }}\n"
        + "aws_secret_access_key = {{ .Data.secret_key }}\n{{ if .Data.security_token }}aws_session_token = "
        + "{{ .Data.security_token }}\n{{ end }}{{ end }}"))
        .isEqualTo("[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = s3cr3t\n");
  }

  @Test
  void pkiIssueThroughSecretIsAWriteKeyedByItsArguments() throws Exception {
    String text = "{{ with secret \"pki/issue/web\" \"common_name=a.example.com\" \"ttl=24h\" }}"
        + "{{ .Data.certificate }}\n{{ .Data.private_key }}{{ end }}";
    Template.Result first = go(text).execute(brain, Map.of());
    assertThat(first.missing()).singleElement().isInstanceOf(Dependency.VaultWrite.class)
        .extracting(d -> ((Dependency.VaultWrite) d).data())
        .isEqualTo(Map.of("common_name", "a.example.com", "ttl", "24h"));
    brain.remember(first.missing().get(0), Secret.fromResponse(Map.of("data", Map.of(
        "certificate", "-----BEGIN CERTIFICATE-----", "private_key", "-----BEGIN RSA PRIVATE KEY-----"))));
    assertThat(render(text)).isEqualTo("-----BEGIN CERTIFICATE-----\n-----BEGIN RSA PRIVATE KEY-----");
  }

  @Test
  void tokenCreationReturnsAuth() throws Exception {
    brain.remember(new Dependency.VaultWrite("auth/token/create", Map.of("policies", "p1", "no_default_policy", "true")),
        Secret.fromResponse(Map.of("auth", Map.of("client_token", "hvs.child", "accessor", "acc",
            "policies", List.of("p1"), "lease_duration", 3600L, "renewable", true))));
    assertThat(render("{{ with secret \"/auth/token/create\" \"policies=p1\" \"no_default_policy=true\" }}"
        + "{{ .Auth.ClientToken }} {{ .Auth.Policies }} {{ .Auth.LeaseDuration }}{{ end }}"))
        .isEqualTo("hvs.child [p1] 3600");
  }

  @Test
  void listThenReadEachKey() throws Exception {
    brain.remember(new Dependency.VaultList("secret/apps"), StringSlice.of(List.of("a", "b")));
    kv2("secret/apps/a", Map.of("v", "1"));
    String text = "{{ range secrets \"secret/apps\" }}{{ $k := . }}{{ with secret (printf \"secret/apps/%s\" .) }}"
        + "{{ $k }}={{ .Data.data.v }};{{ end }}{{ end }}";
    Template.Result r = go(text).execute(brain, Map.of());
    assertThat(r.output()).isEqualTo("a=1;");
    assertThat(r.missing()).extracting(Dependency::key).containsExactly("vault.read(secret/apps/b)");
  }

  @Test
  void decodeAndIndentAStoredCertificate() throws Exception {
    kv2("secret/tls", Map.of("cert_b64", "bGluZTEKbGluZTI="));
    assertThat(render("tls:\n  cert: |\n{{ with secret \"secret/tls\" }}{{ .Data.data.cert_b64 | base64Decode | indent 4 }}"
        + "{{ end }}")).isEqualTo("tls:\n  cert: |\n    line1\n    line2");
  }
}
