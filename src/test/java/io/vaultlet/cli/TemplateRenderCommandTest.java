package io.vaultlet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TemplateRenderCommandTest {

  @TempDir Path dir;

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    CommandLine cmd = Main.newCommandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int code = cmd.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  private Path file(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private Path secrets() throws IOException {
    return file("secrets.json", """
        {
          "database/creds/app": {"lease_id": "database/creds/app/x", "lease_duration": 60, "renewable": true,
                                 "data": {"username": "u-app", "password": "p-app-secret"}},
          "secret/app": {"data": {"data": {"api_key": "k-123"}, "metadata": {"version": 3}}},
          "list secret/": {"data": {"keys": ["b", "a/"]}},
          "write transit/encrypt/k plaintext=aGk=": {"data": {"ciphertext": "vault:v1:xyz"}},
          "pki/issue/web": {"data": {"certificate": "-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----",
                                     "issuing_ca": "-----BEGIN CERTIFICATE-----\\nCA\\n-----END CERTIFICATE-----",
                                     "private_key": "-----BEGIN RSA PRIVATE KEY-----\\nKEY\\n-----END RSA PRIVATE KEY-----"}}
        }
        """);
  }

  @Test
  void rendersSecretsDataAndEnvironment() throws IOException {
    Path tpl = file("app.conf.tpl", """
        {{ with secret "database/creds/app" }}user={{ .Data.username }} pass={{ .Data.password }} ttl={{ .LeaseDuration }}{{ end }}
        {{ with secret "secret/app" }}key={{ .Data.data.api_key }} v{{ .Data.metadata.version }}{{ end }}
        {{ range secrets "secret/" }}{{ . }},{{ end }}
        {{ with secret "transit/encrypt/k" "plaintext=aGk=" }}{{ .Data.ciphertext }}{{ end }}
        {{ with pkiCert "pki/issue/web" }}{{ .Key }}{{ end }}
        region={{ .region }} port={{ .port }} home={{ env "APP_HOME" }}""");
    Path data = file("data.json", "{\"region\": \"eu-west-1\", \"port\": 8443}");
    Result r = run("template", "render", "--secrets", secrets().toString(), "--data", data.toString(),
        "--env", "APP_HOME=/srv/app", tpl.toString());
    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("""
        user=u-app pass=p-app-secret ttl=60
        key=k-123 v3
        a/,b,
        vault:v1:xyz
        -----BEGIN RSA PRIVATE KEY-----
        KEY
        -----END RSA PRIVATE KEY-----

        region=eu-west-1 port=8443 home=/srv/app""");
  }

  @Test
  void aUsedPathWithoutDataIsAnErrorNamingIt() throws IOException {
    Path tpl = file("t.tpl", "{{ with secret \"kv/missing\" }}{{ .Data.x }}{{ end }}");
    Result r = run("template", "render", "--secrets", secrets().toString(), tpl.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("kv/missing").contains("--secrets");
  }

  @Test
  void parseAndExecutionErrorsGoToStderr() throws IOException {
    Result parse = run("template", "render", file("bad.tpl", "{{ if }}").toString());
    assertThat(parse.code()).isEqualTo(1);
    assertThat(parse.out()).isEmpty();
    assertThat(parse.err()).contains("parse: ");

    Path tpl = file("exec.tpl", "{{ with secret \"database/creds/app\" }}{{ .Data.password | parseInt }}{{ end }}");
    Result exec = run("template", "render", "--secrets", secrets().toString(), tpl.toString());
    assertThat(exec.code()).isEqualTo(1);
    assertThat(exec.out()).isEmpty();
    assertThat(exec.err()).contains("execute: ").doesNotContain("p-app-secret");
  }

  @Test
  void missingKeyErrorAndDelimiters() throws IOException {
    Path tpl = file("d.tpl", "[[ .a ]]-[[ .b ]]");
    Path data = file("d.json", "{\"a\": 1}");
    Result zero = run("template", "render", "--data", data.toString(), "--left-delim", "[[", "--right-delim", "]]",
        tpl.toString());
    assertThat(zero.out()).isEqualTo("1-<no value>");
    Result error = run("template", "render", "--data", data.toString(), "--left-delim", "[[", "--right-delim", "]]",
        "--missing-key", "error", tpl.toString());
    assertThat(error.code()).isEqualTo(1);
    assertThat(error.err()).contains("map has no entry for key \"b\"");
  }

  @Test
  void hbsFilesUseHandlebars() throws IOException {
    Path tpl = file("db.conf.hbs", "{{#with (secret \"database/creds/app\")}}{{Data.username}}{{/with}}");
    Result r = run("template", "render", "--secrets", secrets().toString(), tpl.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("u-app");
  }

  @Test
  void unreadableInputsAreUserErrors() throws IOException {
    Result noFile = run("template", "render", dir.resolve("nope.tpl").toString());
    assertThat(noFile.code()).isEqualTo(1);
    assertThat(noFile.err()).contains("no such file");
    Result badJson = run("template", "render", "--secrets", file("s.json", "{\"a\": ").toString(),
        file("ok.tpl", "x").toString());
    assertThat(badJson.code()).isEqualTo(1);
    assertThat(badJson.err()).contains("invalid JSON");
  }
}
