package io.vaultlet.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The handlebars dialect: same functions, brain, dependency tracking and redaction as Go templates. */
class HandlebarsDialectTest {

  private final MemoryBrain brain = new MemoryBrain();

  private static Template hbs(String text) {
    return Template.builder("t.hbs", text).dialect(Dialect.HANDLEBARS).processEnv(k -> null).build();
  }

  private void dbCreds() {
    brain.remember(Dependency.VaultRead.parse("database/creds/app"), Secret.fromResponse(Map.of(
        "lease_id", "database/creds/app/1", "lease_duration", 60L, "renewable", true,
        "data", Map.of("username", "v-app-1", "password", "p<&>w-secret"))));
  }

  @Test
  void withOverASecretHelper() throws Exception {
    Template t = hbs("{{#with (secret \"database/creds/app\")}}{{Data.username}}:{{Data.password}}"
        + " ({{LeaseDuration}}s){{/with}}");
    Template.Result missing = t.execute(brain, Map.of());
    assertThat(missing.output()).isEmpty();
    assertThat(missing.missing()).extracting(Dependency::key).containsExactly("vault.read(database/creds/app)");
    dbCreds();
    Template.Result r = t.execute(brain, Map.of());
    assertThat(r.complete()).isTrue();
    assertThat(r.output()).isEqualTo("v-app-1:p<&>w-secret (60s)");
  }

  @Test
  void aFunctionUsedAsABlockRendersItsResultOrElse() throws Exception {
    Template t = hbs("{{#secret \"database/creds/app\"}}{{Data.username}}{{else}}pending{{/secret}}");
    assertThat(t.execute(brain, Map.of()).output()).isEqualTo("pending");
    dbCreds();
    assertThat(t.execute(brain, Map.of()).output()).isEqualTo("v-app-1");
  }

  @Test
  void hashArgumentsMakeAWrite() throws Exception {
    Template.Result r = hbs("{{#with (secret \"transit/encrypt/foo\" plaintext=\"a\")}}{{Data.ciphertext}}{{/with}}")
        .execute(brain, Map.of());
    assertThat(r.missing()).extracting(Dependency::key).containsExactly("vault.write(transit/encrypt/foo -> 05e11075)");
  }

  @Test
  void helpersTakeArgumentsAndPipelinesNest() throws Exception {
    Template t = hbs("{{toUpper (env \"USER_NAME\")}} {{base64Encode \"hello\"}} {{#each (secrets \"kv/\")}}[{{this}}]"
        + "{{/each}}");
    brain.remember(new Dependency.VaultList("kv"), StringSlice.of(java.util.List.of("a", "b/")));
    assertThat(t.execute(brain, Map.of("USER_NAME", "bob")).output()).isEqualTo("BOB aGVsbG8= [a][b/]");
  }

  @Test
  void errorsAreRedacted() throws Exception {
    dbCreds();
    Template t = hbs("{{#with (secret \"database/creds/app\")}}{{parseInt Data.password}}{{/with}}");
    assertThatThrownBy(() -> t.execute(brain, Map.of()))
        .isInstanceOf(RenderException.class)
        .hasMessageStartingWith("execute: ")
        .hasMessageContaining("parseInt")
        .hasMessageNotContaining("p<&>w-secret");
  }

  @Test
  void missingKeysCanBeErrors() throws Exception {
    dbCreds();
    String text = "{{#with (secret \"database/creds/app\")}}[{{Data.nope}}]{{/with}}";
    assertThat(hbs(text).execute(brain, Map.of()).output()).isEqualTo("[]");
    Template strict = Template.builder("t.hbs", text).dialect(Dialect.HANDLEBARS).errorOnMissingKey(true).build();
    assertThatThrownBy(() -> strict.execute(brain, Map.of())).isInstanceOf(RenderException.class)
        .hasMessageContaining("nope");
  }

  @Test
  void compileErrorsAreParseErrors() {
    assertThatThrownBy(() -> hbs("{{#with x}}unclosed").execute(brain, Map.of()))
        .isInstanceOf(RenderException.class)
        .extracting(e -> ((RenderException) e).phase()).isEqualTo(RenderException.Phase.PARSE);
  }
}
