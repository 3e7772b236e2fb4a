package io.vaultlet.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vaultlet.template.gotmpl.GoFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #14: a template error never quotes a secret. Every function of the library (and every Go builtin) is called
 * with a secret — as fetched, or derived from one — in each argument position, the other positions filled with a few
 * ordinary values; whatever fails must not carry 8 or more characters of any secret, as given or as Go quotes it. The
 * same failures on ordinary values keep Go's message word for word.
 */
class SecretErrorRedactionTest {

  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String PEM = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg" + RUN + "q+ZbWm3x/Y5fJ8u1oP0Q9Ly3nKJ"
      + "\noAoGCCqGSM49AwEHoUQDQgAEsecretkeymaterial" + RUN + "Z\n-----END EC PRIVATE KEY-----\n";
  private static final String WORD = "hunter2-" + RUN + "-passw0rd";
  private static final String JSON = "{\"user\":\"admin\",\"pass\":\"p@ss\\\"w0rd-" + RUN + "\"}";
  private static final String WHEN = "2024-01-02Tx" + RUN + "-not-a-date";
  private static final String BIG = "98765432109876543210" + RUN.replaceAll("[^0-9]", "7") + "1234";
  private static final String REGEX = "(unclosed+" + RUN + "[a-";

  /** What a secret argument looks like in a template: fetched as is, or derived from a fetched value. */
  private static final List<String> SECRET_ARGS = List.of(".Data.pem", ".Data.json", ".Data",
      "(printf \"%s!\" .Data.word)", "(.Data.pem | trimSpace)");
  /** More shapes, tried in calls of one and two arguments (where the functions that parse them take them). */
  private static final List<String> MORE_SECRET_ARGS = List.of(".Data.word", ".Data.when", ".Data.big",
      ".Data.regex", "(.Data.word | base64Encode | base64Decode)", "(index .Data \"json\")");
  /** What fills the other argument positions, by number of arguments. */
  private static final List<List<String>> FILLERS = List.of(List.of("\"x\""),
      List.of("\"x\"", "2", "\"2006-01-02\""), List.of("\"x\""), List.of("\"x\""));
  private static final List<String> BUILTINS = List.of("and", "call", "html", "index", "slice", "js", "len", "not",
      "or", "print", "printf", "println", "urlquery", "eq", "ge", "gt", "le", "lt", "ne");
  /** spew_dump and spew_printf print to stdout; writeToFile gets a path inside the test directory below. */
  private static final List<String> SKIPPED = List.of("spew_dump", "spew_printf", "writeToFile");
  /** Key and hash generators take a while each time they succeed: tried with fewer variants. */
  private static final List<String> SLOW = List.of("sprig_genCA", "sprig_genCAWithKey", "sprig_genSelfSignedCert",
      "sprig_genSelfSignedCertWithKey", "sprig_genSignedCert", "sprig_genSignedCertWithKey", "sprig_genPrivateKey",
      "sprig_htpasswd", "sprig_bcrypt");

  @TempDir Path dir;

  private final MemoryBrain brain = new MemoryBrain();

  private static List<String> secrets() {
    List<String> out = new ArrayList<>();
    for (String s : List.of(PEM, WORD, JSON, WHEN, BIG, REGEX, WORD + "!", PEM.strip())) {
      out.add(s);
      String q = GoFormat.quote(s);
      out.add(q.substring(1, q.length() - 1));
    }
    out.add(Base64.getEncoder().encodeToString(WORD.getBytes(StandardCharsets.UTF_8)));
    return out;
  }

  /** The first 8-character piece of a secret the message contains, or null. */
  private static String leak(String message) {
    for (String s : secrets()) {
      for (int i = 0; i + 8 <= s.length(); i++) {
        String piece = s.substring(i, i + 8);
        if (message.contains(piece)) {
          return piece;
        }
      }
    }
    return null;
  }

  private void rememberSecret() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("pem", PEM);
    data.put("word", WORD);
    data.put("json", JSON);
    data.put("when", WHEN);
    data.put("big", BIG);
    data.put("regex", REGEX);
    brain.remember(Dependency.VaultRead.parse("kv/app"), Secret.fromResponse(Map.of("data", data)));
  }

  /** The error of one execution, or null when it did not fail. */
  private String errorOf(String body) {
    Template t = Template.builder("t", "{{ with secret \"kv/app\" }}" + body + "{{ end }}")
        .processEnv(k -> null).sandboxPath(dir).build();
    try {
      t.execute(brain, Map.of());
      return null;
    } catch (RenderException e) {
      return e.getMessage();
    }
  }

  @Test
  void noFunctionQuotesASecretItFailedOn() {
    rememberSecret();
    List<String> functions = new ArrayList<>(new TreeSet<>(Template.allFunctionNames()));
    functions.removeAll(SKIPPED);
    functions.addAll(BUILTINS);
    List<String> leaks = new ArrayList<>();
    TreeSet<String> failedOnSecret = new TreeSet<>();
    int executions = 0;
    for (String fn : functions) {
      boolean slow = SLOW.contains(fn);
      boolean stub = DataFunctions.UNSUPPORTED.contains(fn); // fails with a fixed message, whatever it is given
      for (int arity = 1; arity <= (slow ? 3 : stub ? 1 : 4); arity++) {
        List<String> fillers = slow ? List.of("\"x\"") : FILLERS.get(arity - 1);
        for (int pos = 0; pos < arity; pos++) {
          for (String filler : fillers) {
            List<String> secrets = new ArrayList<>(slow ? List.of(".Data.pem", ".Data") : SECRET_ARGS);
            if (!slow && arity <= 2 && !filler.equals("2")) {
              secrets.addAll(MORE_SECRET_ARGS);
            }
            for (String secret : arity == 4 ? secrets.subList(0, 3) : secrets) {
              StringBuilder call = new StringBuilder("{{ ").append(fn);
              for (int i = 0; i < arity; i++) {
                call.append(' ').append(i == pos ? secret : filler);
              }
              String message = errorOf(call.append(" }}").toString());
              executions++;
              if (message == null) {
                continue;
              }
              failedOnSecret.add(fn);
              String piece = leak(message);
              if (piece != null) {
                leaks.add(call + " → " + message + "   [leaks \"" + piece + "\"]");
              }
            }
          }
        }
      }
    }
    assertThat(executions).isGreaterThan(15_000);
    assertThat(leaks).as("errors quoting a secret").isEmpty();
    assertThat(failedOnSecret).as("the enumeration reaches the functions that quote their input")
        .contains("parseFloat", "parseInt", "parseUint", "parseBool", "add", "multiply", "sprig_fail",
            "sprig_mustFromJson", "mustEnv", "executeTemplate", "regexMatch", "regexReplaceAll", "sockaddr",
            "parseJSON", "parseYAML", "eq", "lt", "index", "splitToMap", "base64Decode");
  }

  @Test
  void writeToFileDoesNotQuoteASecretPathOwnerOrMode() throws Exception {
    rememberSecret();
    java.nio.file.Files.writeString(dir.resolve("blocker"), "a file where a directory would have to be");
    String inDir = "\"" + dir.resolve("out.txt") + "\"";
    for (String secret : SECRET_ARGS) {
      // the path is derived from the secret and always inside the test directory, where it cannot be created
      for (String call : List.of("{{ writeToFile (print \"" + dir.resolve("blocker") + "/\" " + secret
              + ") \"\" \"\" \"0600\" \"c\" }}",
          "{{ writeToFile " + inDir + " " + secret + " \"\" \"0600\" \"c\" }}",
          "{{ writeToFile " + inDir + " \"\" \"\" " + secret + " \"c\" }}")) {
        String message = errorOf(call);
        assertThat(message).as(call).isNotNull();
        assertThat(leak(message)).as(call + " → " + message).isNull();
      }
    }
  }

  @Test
  void rangeOverASecretDoesNotQuoteIt() {
    rememberSecret();
    String message = errorOf("{{ range (.Data.word | trimSpace) }}{{ end }}");
    assertThat(message).contains("range can't iterate over").contains("[redacted]");
    assertThat(leak(message)).isNull();
  }

  @Test
  void thePrivateKeyFromTheIssueIsMaskedAndTheRestOfGosMessageKept() {
    rememberSecret();
    assertThat(errorOf("{{ .Data.pem | parseFloat }}")).endsWith(
        "error calling parseFloat: parseFloat: strconv.ParseFloat: parsing \"[redacted]\": invalid syntax");
    assertThat(errorOf("{{ .Data.pem | trimSpace | parseFloat }}")).endsWith(
        "strconv.ParseFloat: parsing \"[redacted]\": invalid syntax");
  }

  @Test
  void ordinaryValuesKeepGosMessageWordForWord() {
    rememberSecret();
    assertThat(errorOf("{{ \"abc\" | parseFloat }}")).endsWith(
        "error calling parseFloat: parseFloat: strconv.ParseFloat: parsing \"abc\": invalid syntax");
    assertThat(errorOf("{{ add \"seven\" 1 }}")).endsWith(
        "error calling add: add: unknown type for \"seven\" (string)");
  }

  @Test
  void handlebarsHelpersDoNotQuoteASecretEither() {
    rememberSecret();
    Template t = Template.builder("t.hbs", "{{#with (secret \"kv/app\")}}{{parseFloat Data.pem}}{{/with}}")
        .dialect(Dialect.HANDLEBARS).processEnv(k -> null).build();
    RenderException e = catchThrowableOfType(RenderException.class, () -> t.execute(brain, Map.of()));
    assertThat(e).isNotNull();
    assertThat(leak(e.getMessage())).as(e.getMessage()).isNull();
    assertThat(e.getMessage()).contains("parsing \"[redacted]\"");
  }
}
