package io.vaultlet.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code .Previous} on a secret: the value before the current one, empty when there is none, in both dialects. */
class PreviousSecretTest {

  private static final Dependency CREDS = Dependency.VaultRead.parse("database/creds/app");
  private final MemoryBrain brain = new MemoryBrain();

  private static Secret creds(int n) {
    return Secret.fromResponse(Map.of("lease_id", "database/creds/app/" + n, "lease_duration", 60L, "renewable", true,
        "data", Map.of("username", "v-app-" + n, "password", "pw-" + n)));
  }

  private String go(String text, boolean errorOnMissingKey) throws Exception {
    return Template.builder("t.ctmpl", text).errorOnMissingKey(errorOnMissingKey).processEnv(k -> null).build()
        .execute(brain, Map.of()).output();
  }

  private String hbs(String text) throws Exception {
    return Template.builder("t.hbs", text).dialect(Dialect.HANDLEBARS).processEnv(k -> null).build()
        .execute(brain, Map.of()).output();
  }

  @Test
  void withoutAPreviousValueItRendersEmptyEvenWithErrorOnMissingKey() throws Exception {
    brain.remember(CREDS, creds(1));
    String t = "{{ with secret \"database/creds/app\" }}{{ .Data.username }}|{{ .Previous.Data.username }}|"
        + "{{ .Previous.LeaseID }}|{{ len .Previous.Data }}{{ end }}";
    assertThat(go(t, false)).isEqualTo("v-app-1|||0");
    assertThat(go(t, true)).isEqualTo("v-app-1|||0");
    assertThat(go("{{ with secret \"database/creds/app\" }}{{ if .Previous.LeaseID }}two{{ else }}one{{ end }}"
        + "{{ end }}", false)).isEqualTo("one");
    assertThat(hbs("{{#with (secret \"database/creds/app\")}}{{Data.username}}|{{Previous.Data.username}}"
        + "{{/with}}")).isEqualTo("v-app-1|");
  }

  @Test
  void itIsTheValueBeforeTheCurrentOneOneStepBackOnly() throws Exception {
    brain.remember(CREDS, creds(3).withPrevious(creds(2).withPrevious(creds(1))));
    assertThat(go("{{ with secret \"database/creds/app\" }}{{ .Data.username }} {{ .Previous.Data.password }} "
        + "{{ .Previous.LeaseID }} [{{ .Previous.Previous.Data.username }}]{{ end }}", true))
        .isEqualTo("v-app-3 pw-2 database/creds/app/2 []");
    assertThat(hbs("{{#with (secret \"database/creds/app\")}}{{Data.username}} {{Previous.Data.username}}{{/with}}"))
        .isEqualTo("v-app-3 v-app-2");
  }

  @Test
  void printingASecretIsUnchanged() throws Exception {
    brain.remember(CREDS, creds(1));
    String plain = go("{{ with secret \"database/creds/app\" }}{{ printf \"%+v\" . }}{{ end }}", false);
    brain.remember(CREDS, creds(1).withPrevious(creds(0)));
    assertThat(go("{{ with secret \"database/creds/app\" }}{{ printf \"%+v\" . }}{{ end }}", false))
        .isEqualTo(plain).doesNotContain("Previous");
  }
}
