package io.vaultlet.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vaultlet.template.gotmpl.TemplateFunction;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The function library called directly, as Go calls the helpers. Expected values come from consul-template's tests and
 * docs and from the Go standard library's documented behaviour.
 */
class FunctionLibraryTest {

  private final MemoryBrain brain = new MemoryBrain();
  private final Map<String, String> processEnv = new LinkedHashMap<>();
  private FunctionContext ctx = newContext(Map.of(), null);

  private FunctionContext newContext(Map<String, String> runnerEnv, Path sandbox) {
    return new FunctionContext(brain, runnerEnv, processEnv::get, sandbox, "/dest",
        Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
  }

  private Object call(String name, Object... args) throws Exception {
    return call(List.of(), name, args);
  }

  private Object call(List<String> denylist, String name, Object... args) throws Exception {
    Map<String, TemplateFunction> fns = Functions.build(ctx, denylist);
    assertThat(fns).containsKey(name);
    return fns.get(name).invoke(new ArrayList<>(Arrays.asList(args)));
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o) {
    return (List<Object>) o;
  }

  @Test
  void secretRecordsAReadAndReturnsNilWhileMissing() throws Exception {
    assertThat(call("secret", "/secret/foo/")).isNull();
    assertThat(ctx.used()).extracting(Dependency::key).containsExactly("vault.read(secret/foo)");
    assertThat(ctx.missing()).extracting(Dependency::key).containsExactly("vault.read(secret/foo)");
  }

  @Test
  void secretReturnsTheBrainsSecret() throws Exception {
    Secret s = Secret.fromResponse(Map.of("lease_id", "abcd1234", "lease_duration", 120L, "renewable", true,
        "data", Map.of("zip", "zap")));
    brain.remember(Dependency.VaultRead.parse("secret/foo"), s);
    assertThat(call("secret", "secret/foo")).isSameAs(s);
    assertThat(s.field("LeaseID")).isEqualTo("abcd1234");
    assertThat(s.field("LeaseDuration")).isEqualTo(120L);
    assertThat(s.field("Renewable")).isEqualTo(true);
    assertThat(ctx.missing()).isEmpty();
  }

  @Test
  void secretWithArgumentsIsAWriteEvenWhenTheyAreEmpty() throws Exception {
    call("secret", "transit/encrypt/foo", "");
    call("secret", "transit/encrypt/foo", "plaintext=a");
    call("secret", "secret/nope", "a=b");
    assertThat(ctx.used()).extracting(Dependency::key).containsExactly(
        "vault.write(transit/encrypt/foo -> da39a3ee)", "vault.write(transit/encrypt/foo -> 05e11075)",
        "vault.write(secret/nope -> 2b660a4a)");
  }

  @Test
  void secretRejectsAnArgumentWithoutEquals() {
    assertThatThrownBy(() -> call("secret", "p", "nope")).hasMessage("not k=v pair \"nope\"");
  }

  @Test
  void secretWithNoArgumentsRecordsNothing() throws Exception {
    assertThat(call("secret")).isNull();
    assertThat(ctx.used()).isEmpty();
  }

  @Test
  void secretsIsEmptyWhileMissingAndTheBrainsListOtherwise() throws Exception {
    assertThat(list(call("secrets", "secret/"))).isEmpty();
    assertThat(ctx.missing()).extracting(Dependency::key).containsExactly("vault.list(secret)");
    brain.remember(new Dependency.VaultList("secret"), StringSlice.of(List.of("bar", "foo")));
    ctx = newContext(Map.of(), null);
    assertThat(list(call("secrets", "secret/"))).containsExactly("bar", "foo");
    assertThat(list(call("secrets", ""))).isEmpty();
  }

  @Test
  void pkiCertKeyUsesTheDestination() throws Exception {
    assertThat(call("pkiCert", "pki/issue/egs-dot-com")).isNull();
    assertThat(ctx.missing()).extracting(Dependency::key)
        .containsExactly("vault.pki(pki/issue/egs-dot-com->/dest)");
  }

  @Test
  void envPrefersTheRunnerEnvironmentAndCountsEmptyAsSet() throws Exception {
    processEnv.put("CT_TEST", "1");
    processEnv.put("EMPTY_VAR", "");
    processEnv.put("SET_VAR", "400");
    assertThat(call("env", "CT_TEST")).isEqualTo("1");
    assertThat(call("env", "UNSET")).isEqualTo("");
    assertThat(call("envOrDefault", "SET_VAR", "100")).isEqualTo("400");
    assertThat(call("envOrDefault", "EMPTY_VAR", "200")).isEqualTo("");
    assertThat(call("envOrDefault", "UNSET_VAR", "300")).isEqualTo("300");
    ctx = newContext(Map.of("CT_TEST", "2"), null);
    assertThat(call("env", "CT_TEST")).isEqualTo("2");
    assertThatThrownBy(() -> call("mustEnv", "UNSET"))
        .hasMessage("required environment variable UNSET is empty");
  }

  @Test
  void fileIsADependencyAndRespectsTheSandbox(@TempDir Path dir) throws Exception {
    Path inside = Files.createDirectories(dir.resolve("sandbox"));
    Path secretFile = Files.writeString(inside.resolve("a.txt"), "disk");
    Path outside = Files.writeString(dir.resolve("b.txt"), "x");
    ctx = newContext(Map.of(), inside);
    assertThat(call("file", secretFile.toString())).isEqualTo("");
    assertThat(ctx.missing()).extracting(Dependency::key)
        .containsExactly("file(" + secretFile.toRealPath() + ")");
    assertThatThrownBy(() -> call("file", outside.toString())).hasMessageContaining("is outside of sandbox");
    Path link = Files.createSymbolicLink(inside.resolve("link"), outside);
    assertThatThrownBy(() -> call("file", link.toString())).hasMessageContaining("is outside of sandbox");
    brain.remember(new Dependency.LocalFile(secretFile.toRealPath().toString()), "content");
    assertThat(call("file", secretFile.toString())).isEqualTo("content");
    assertThat(call("file", "")).isEqualTo("");
  }

  @Test
  void base64FollowsGoStdEncoding() throws Exception {
    assertThat(call("base64Encode", "hello")).isEqualTo("aGVsbG8=");
    assertThat(call("base64Decode", "aGVsbG8=")).isEqualTo("hello");
    assertThat(call("base64URLEncode", "testing123")).isEqualTo("dGVzdGluZzEyMw==");
    assertThat(call("base64URLDecode", "dGVzdGluZzEyMw==")).isEqualTo("testing123");
    assertThatThrownBy(() -> call("base64Decode", "aGVsxxbG8=")).hasMessageStartingWith("base64Decode: ");
    assertThatThrownBy(() -> call("base64Decode", "aGVsbG8")).hasMessageStartingWith("base64Decode: illegal");
  }

  @Test
  void toJsonIsGoJsonMarshal() throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("b", List.of(1L, 2.5, true));
    m.put("a", "<x & y>");
    m.put("c", null);
    assertThat(call("toJSON", m)).isEqualTo("{\"a\":\"\\u003cx \\u0026 y\\u003e\",\"b\":[1,2.5,true],\"c\":null}");
    assertThat(call("toUnescapedJSON", m)).isEqualTo("{\"a\":\"<x & y>\",\"b\":[1,2.5,true],\"c\":null}");
    assertThat(call("toJSONPretty", Map.of("foo", Map.of("bar", 1L), "e", List.of())))
        .isEqualTo("{\n  \"e\": [],\n  \"foo\": {\n    \"bar\": 1\n  }\n}");
    assertThat(call("toJSON", StringSlice.of(List.of("a", "b", "c")))).isEqualTo("[\"a\",\"b\",\"c\"]");
    assertThat(call("toJSON", 1e21)).isEqualTo("1e+21");
    assertThat(call("toJSON", 0.0000001)).isEqualTo("1e-7");
    assertThat(call("toJSON", 100.0)).isEqualTo("100");
  }

  @Test
  void toJsonOfASecretUsesGoFieldNames() throws Exception {
    Secret s = Secret.fromResponse(Map.of("data", Map.of("k", "v")));
    assertThat(call("toJSON", s)).isEqualTo("{\"RequestID\":\"\",\"LeaseID\":\"\",\"LeaseDuration\":0,"
        + "\"Renewable\":false,\"Data\":{\"k\":\"v\"},\"Warnings\":null,\"Auth\":null,\"WrapInfo\":null}");
  }

  @Test
  void toYamlAndToTomlFollowTheGoLibraries() throws Exception {
    assertThat(call("toYAML", Map.of("foo", "bar"))).isEqualTo("foo: bar");
    assertThat(call("toTOML", Map.of("foo", "bar"))).isEqualTo("foo = \"bar\"");
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("list", List.of("a", "b"));
    nested.put("map", Map.of("k", "true"));
    nested.put("n", 3L); // yaml.v2 reads a bare n as a boolean, so it quotes the key
    assertThat(call("toYAML", nested)).isEqualTo("list:\n- a\n- b\nmap:\n  k: \"true\"\n\"n\": 3");
    // strings that yaml.v2 would read back as another type are double-quoted; others stay plain
    Map<String, Object> scalars = new LinkedHashMap<>();
    scalars.put("a", "123");
    scalars.put("b", "1.5e3");
    scalars.put("c", "2001-12-14");
    scalars.put("d", "yes");
    scalars.put("e", "");
    scalars.put("f", "v1.2");
    scalars.put("g", "0x1F");
    scalars.put("h", "line1\nline2");
    assertThat(call("toYAML", scalars)).isEqualTo(
        "a: \"123\"\nb: \"1.5e3\"\nc: \"2001-12-14\"\nd: \"yes\"\ne: \"\"\nf: v1.2\ng: \"0x1F\"\nh: |-\n  line1\n  line2");
    // yaml.v2 orders keys "naturally": digit runs as numbers, letters after other characters
    assertThat(call("toYAML", Map.of("a10", 1L, "a9", 2L, "aB", 3L, "a_", 4L)))
        .isEqualTo("a_: 4\na9: 2\na10: 1\naB: 3");
    // yaml.v2 folds plain scalars at the first space found once the line is past 80 columns (here column 81)
    String words = "lorem ipsum dolor sit amet ".repeat(4).strip();
    assertThat(call("toYAML", Map.of("text", words))).isEqualTo("text: lorem ipsum dolor sit amet lorem ipsum dolor sit "
        + "amet lorem ipsum dolor sit\n  amet lorem ipsum dolor sit amet");
    assertThat(call("toTOML", nested)).isEqualTo("list = [\"a\", \"b\"]\nn = 3\n\n[map]\n  k = \"true\"");
    Map<String, Object> tables = new LinkedHashMap<>();
    tables.put("f", 1.0);
    tables.put("inline", List.of(Map.of("a", 1L), "x"));
    tables.put("servers", List.of(Map.of("host", "a"), Map.of("host", "b")));
    tables.put("db", Map.of("sub", Map.of("port", 5432L)));
    assertThat(call("toTOML", tables)).isEqualTo("f = 1.0\ninline = [{a = 1}, \"x\"]\n\n[db]\n  [db.sub]\n    port = 5432"
        + "\n\n[[servers]]\n  host = \"a\"\n\n[[servers]]\n  host = \"b\"");
  }

  @Test
  void stringHelpers() throws Exception {
    assertThat(call("toLower", "HI")).isEqualTo("hi");
    assertThat(call("toUpper", "hi")).isEqualTo("HI");
    assertThat(call("toTitle", "this is a sentence")).isEqualTo("This Is A Sentence");
    assertThat(call("toTitle", "this is a sentence\u2026and another sentence\u2026with a \uD83D\uDE80rocket"))
        .isEqualTo("This Is A Sentence\u2026And Another Sentence\u2026With A \uD83D\uDE80Rocket");
    assertThat(call("trimSpace", "\t hi\n ")).isEqualTo("hi");
    assertThat(call("trim", "!!", "!!hello world!!")).isEqualTo("hello world");
    assertThat(call("trimPrefix", "hello ", "hello world!!")).isEqualTo("world!!");
    assertThat(call("trimSuffix", " world!!", "hello world!!")).isEqualTo("hello");
    assertThat(list(call("split", ",", "a,b,c"))).containsExactly("a", "b", "c");
    assertThat(list(call("split", ",", "  "))).isEmpty();
    assertThat(call("join", ";", StringSlice.of(List.of("a", "b", "c")))).isEqualTo("a;b;c");
    assertThat(call("splitToMap", ",", ":", "a:x,b:y,c:z,d")).isEqualTo(Map.of("a", "x", "b", "y", "c", "z"));
    assertThat(call("replaceAll", "l", "L", "hello")).isEqualTo("heLLo");
  }

  @Test
  void regexUsesGoSyntaxAndExpansion() throws Exception {
    assertThat(call("regexMatch", "[a-z]+", "foo")).isEqualTo(true);
    assertThat(call("regexReplaceAll", "\\w", "x", "foo")).isEqualTo("xxx");
    assertThat(call("regexReplaceAll", "hello", "bye", "hello my hello")).isEqualTo("bye my bye");
    assertThat(call("regexReplaceAll", "(\\w+)@(\\w+)", "$2 at $1", "me@host")).isEqualTo("host at me");
    assertThat(call("regexReplaceAll", "(?P<user>\\w+)@", "${user}!", "me@host")).isEqualTo("me!host");
    // Go reads "$1x" as the group named "1x", which does not exist: empty
    assertThat(call("regexReplaceAll", "(a)", "$1x", "a")).isEqualTo("");
    assertThat(call("regexReplaceAll", "a*", "-", "baaac")).isEqualTo("-b-c-");
    assertThat(call("regexMatch", "^[[:alpha:]]+$", "abc")).isEqualTo(true);
    // without (?m), Go's $ does not match before a trailing newline; with it, it matches at each line end
    assertThat(call("regexMatch", "^abc$", "abc\n")).isEqualTo(false);
    assertThat(call("regexMatch", "(?m)^abc$", "abc\nd")).isEqualTo(true);
    assertThat(call("regexReplaceAll", "a.c", "x", "a\nc abc")).isEqualTo("a\nc x");
    assertThatThrownBy(() -> call("regexMatch", "(a)\\1", "aa")).hasMessageContaining("error parsing regexp");
    assertThatThrownBy(() -> call("regexMatch", "a(?=b)", "ab")).hasMessageContaining("error parsing regexp");
  }

  @Test
  void containsAndInFollowGoTypeRules() throws Exception {
    List<Object> haystack = List.of("a", 1L, 2.0);
    assertThat(call("in", haystack, "a")).isEqualTo(true);
    assertThat(call("in", haystack, 1L)).isEqualTo(true);
    assertThat(call("in", haystack, 1.0)).isEqualTo(false);
    assertThat(call("in", "abc", "b")).isEqualTo(true);
    assertThat(call("contains", "b", "abc")).isEqualTo(true);
    assertThat(call("in", Map.of("a", 1L), "a")).isEqualTo(false);
    assertThat(call("containsAll", List.of(), haystack)).isEqualTo(true);
    assertThat(call("containsAny", List.of(), haystack)).isEqualTo(false);
    assertThat(call("containsNone", List.of(), haystack)).isEqualTo(true);
    assertThat(call("containsNotAll", List.of(), haystack)).isEqualTo(false);
    assertThat(call("containsAll", List.of("a", 1L), haystack)).isEqualTo(true);
    assertThat(call("containsNotAll", List.of("a", "z"), haystack)).isEqualTo(true);
  }

  @Test
  void parseFunctions() throws Exception {
    assertThat(call("parseBool", "true")).isEqualTo(true);
    assertThat(call("parseBool", "")).isEqualTo(false);
    assertThatThrownBy(() -> call("parseBool", "yes")).hasMessage(
        "parseBool: strconv.ParseBool: parsing \"yes\": invalid syntax");
    assertThat(call("parseFloat", "1.2")).isEqualTo(1.2);
    assertThat(call("parseInt", "-1")).isEqualTo(-1L);
    assertThat(call("parseInt", "")).isEqualTo(0L);
    assertThat(call("parseUint", "1")).isEqualTo(1L);
    assertThat(call("parseUint", "18446744073709551615")).isEqualTo(new BigInteger("18446744073709551615"));
    assertThatThrownBy(() -> call("parseUint", "-1")).hasMessageContaining("invalid syntax");
    assertThat(call("parseJSON", "{\"foo\": \"bar\", \"n\": 7}")).isEqualTo(Map.of("foo", "bar", "n", 7.0));
    assertThat(call("parseJSON", "")).isEqualTo(Map.of());
    assertThat(call("parseYAML", "foo:\n  bar: \"baz\"\n  baz: 7\non: yes"))
        .isEqualTo(Map.of("foo", Map.of("bar", "baz", "baz", 7L), "true", true));
  }

  @Test
  void hashes() throws Exception {
    assertThat(call("sha256Hex", "bladibla"))
        .isEqualTo("54cf4c66bcabb5c20e25331c01dd600b73369e97a947861bd8d3a0e0b8b3d70b");
    assertThat(call("md5sum", "bladibla")).isEqualTo("c6886abd136f7daece35aebb01f1b713");
    assertThat(call("hmacSHA256Hex", "bladibla", "foobar"))
        .isEqualTo("82cd4c36fa45a1936e93d005ea2fd008350339bb9246a3ba0c8dfecb9d77155b");
    assertThat(call("hmacSHA256Hex", "somemessage", "somekey"))
        .isEqualTo("6116e95f2827172aa6ef8b22b883f6a77e966aefc129c6b8228ebd0aac74e98d");
  }

  @Test
  void indentSkipsEmptyLines() throws Exception {
    assertThat(call("indent", 4L, "hello\nhello\r\nHELLO\r\nhello\nHELLO"))
        .isEqualTo("    hello\n    hello\r\n    HELLO\r\n    hello\n    HELLO");
    assertThat(call("indent", 2L, "a\n\nb")).isEqualTo("  a\n\n  b");
    assertThat(call("indent", 0L, "a\nb")).isEqualTo("a\nb");
    assertThatThrownBy(() -> call("indent", -4L, "a")).hasMessage("indent value must be a positive integer");
  }

  @Test
  void loopCountsAndAcceptsNumericStrings() throws Exception {
    assertThat(list(call("loop", 3L))).containsExactly(0L, 1L, 2L);
    assertThat(list(call("loop", 1L, "3"))).containsExactly(1L, 2L);
    assertThatThrownBy(() -> call("loop", 1L, 2L, 3L)).hasMessageContaining("wrong number of arguments");
  }

  @Test
  void mathFollowsGoIntAndFloatRules() throws Exception {
    // {{ a | op b }} is op(b, a)
    assertThat(call("add", 2L, 2L)).isEqualTo(4L);
    assertThat(call("subtract", 3L, 10L)).isEqualTo(7L);
    assertThat(call("multiply", 2L, 2L)).isEqualTo(4L);
    assertThat(call("divide", 2L, 7L)).isEqualTo(3L);
    assertThat(call("divide", 2.0, 7L)).isEqualTo(3.5);
    assertThat(call("modulo", 2L, 3L)).isEqualTo(1L);
    assertThat(call("minimum", 2L, 3L)).isEqualTo(2L);
    assertThat(call("maximum", 2L, 3L)).isEqualTo(3L);
    assertThatThrownBy(() -> call("modulo", 2.0, 3L)).hasMessageStartingWith("modulo: unknown type for");
    assertThatThrownBy(() -> call("add", "2", 3L)).hasMessageStartingWith("add: unknown type for \"2\" (string)");
    assertThatThrownBy(() -> call("divide", 0L, 3L)).hasMessageContaining("integer divide by zero");
  }

  @Test
  void scratchStoresPerExecution() throws Exception {
    Scratch s = (Scratch) call("scratch");
    s.method("Set").invoke(List.of("a", "2"));
    assertThat(s.method("Key").invoke(List.of("a"))).isEqualTo(true);
    assertThat(s.method("Get").invoke(List.of("a"))).isEqualTo("2");
    s.method("SetX").invoke(List.of("a", "1"));
    assertThat(s.method("Get").invoke(List.of("a"))).isEqualTo("2");
    s.method("MapSet").invoke(List.of("m", "foo", "bar"));
    s.method("MapSetX").invoke(List.of("m", "foo", "baz"));
    s.method("MapSet").invoke(List.of("m", "a", "first"));
    assertThat(list(s.method("MapValues").invoke(List.of("m")))).containsExactly("first", "bar");
    assertThatThrownBy(() -> s.method("MapSet").invoke(List.of("a", "x", "y"))).hasMessage("\"a\" is not a map");
    assertThat(newContext(Map.of(), null).scratch.key("a")).isFalse();
  }

  @Test
  void explodeMapNestsSlashKeys() throws Exception {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("foo/bar", "a");
    in.put("qux", "c");
    in.put("zip/zap", "d");
    assertThat(call("explodeMap", in))
        .isEqualTo(Map.of("foo", Map.of("bar", "a"), "qux", "c", "zip", Map.of("zap", "d")));
    Map<String, Object> conflict = new LinkedHashMap<>();
    conflict.put("a", "x");
    conflict.put("a/b", "y");
    assertThatThrownBy(() -> call("explodeMap", conflict)).hasMessageContaining("not a map");
  }

  @Test
  void mergeMapKeepsDestinationUnlessOverriding() throws Exception {
    Map<String, Object> base = Map.of("zip", "t", "a", "1");
    Map<String, Object> piped = Map.of("zip", "b", "new", "n");
    assertThat(call("mergeMap", base, piped)).isEqualTo(Map.of("zip", "t", "a", "1", "new", "n"));
    assertThat(call("mergeMapWithOverride", base, piped)).isEqualTo(Map.of("zip", "b", "a", "1", "new", "n"));
  }

  @Test
  void timestampUsesGoLayoutsInUtc() throws Exception {
    assertThat(call("timestamp")).isEqualTo("1970-01-01T00:00:00Z");
    assertThat(call("timestamp", "2006-01-02")).isEqualTo("1970-01-01");
    assertThat(call("timestamp", "unix")).isEqualTo("0");
    assertThat(call("timestamp", "Mon Jan _2 15:04:05.000 MST 2006")).isEqualTo("Thu Jan  1 00:00:00.000 UTC 1970");
  }

  @Test
  void denylistGlobsReplaceFunctionsThatFailWhenCalled() throws Exception {
    assertThatThrownBy(() -> call(List.of("sprig_*"), "sprig_upper", "x")).hasMessage("function is disabled");
    assertThatThrownBy(() -> call(List.of("plugin"), "plugin", "echo", "1")).hasMessage("function is disabled");
    assertThat(call(List.of("sprig_*"), "toUpper", "x")).isEqualTo("X");
    assertThat(Functions.glob("*Env*", "mustEnv")).isTrue();
    assertThat(Functions.glob("env", "envOrDefault")).isFalse();
  }

  @Test
  void consulAndNomadFunctionsFailClearly() {
    assertThatThrownBy(() -> call("key", "foo")).hasMessageContaining("not supported by vaultlet");
    assertThatThrownBy(() -> call("nomadVar", "foo")).hasMessageContaining("not supported by vaultlet");
  }

  @Test
  void sprigSubset() throws Exception {
    assertThat(call("sprig_upper", "hello")).isEqualTo("HELLO");
    assertThatThrownBy(() -> call("sprig_repeat", "hello", 3L)).isInstanceOf(RuntimeException.class);
    assertThat(call("sprig_repeat", 3L, "ab")).isEqualTo("ababab");
    assertThat(call("sprig_default", "d", "")).isEqualTo("d");
    assertThat(call("sprig_default", "d", "x")).isEqualTo("x");
    assertThat(call("sprig_b64enc", "hello")).isEqualTo("aGVsbG8=");
    assertThat(call("sprig_trimAll", "$", "$5.00$")).isEqualTo("5.00");
    assertThat(call("sprig_nindent", 2L, "a\nb")).isEqualTo("\n  a\n  b");
    assertThat(call("sprig_regexReplaceAll", "a(x*)b", "-ab-axxb-", "${1}W")).isEqualTo("-W-xxW-");
  }

  @Test
  void pluginRunsACommandAndTrimsItsOutput() throws Exception {
    assertThat(call("plugin", "echo", " 1 ")).isEqualTo("1");
    assertThatThrownBy(() -> call("plugin", "false")).hasMessageContaining("exec \"false\"");
  }

  @Test
  void writeToFileWritesAppendsAndRefusesSymlinks(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("sub/out.txt");
    assertThat(call("writeToFile", f.toString(), "", "", "0640", "hello")).isEqualTo("");
    call("writeToFile", f.toString(), "", "", "0640", "append,newline", "more");
    assertThat(Files.readString(f)).isEqualTo("hellomore\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-r-----");
    // unchanged content is not rewritten (the modification time stays), but permissions are still applied
    java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.fromMillis(1_000_000L);
    Files.setLastModifiedTime(f, old);
    call("writeToFile", f.toString(), "", "", "0600", "newline", "hellomore");
    assertThat(Files.getLastModifiedTime(f)).isEqualTo(old);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
    call("writeToFile", f.toString(), "", "", "0600", "changed");
    assertThat(Files.readString(f)).isEqualTo("changed");
    Path link = Files.createSymbolicLink(dir.resolve("link.txt"), f);
    assertThatThrownBy(() -> call("writeToFile", link.toString(), "", "", "0644", "x"))
        .hasMessageContaining("refusing to write to symlink");
    Path linkedDir = Files.createSymbolicLink(dir.resolve("ldir"), dir.resolve("sub"));
    assertThatThrownBy(() -> call("writeToFile", linkedDir.resolve("x.txt").toString(), "", "", "0644", "x"))
        .hasMessageContaining("refusing to write through symlinked directory");
  }

  @Test
  void spewDumpsLikeGoSpew() throws Exception {
    assertThat(call("spew_sdump", "1970-01-01")).isEqualTo("(string) (len=10) \"1970-01-01\"\n");
    assertThat(call("spew_sdump", StringSlice.of(List.of("a", "b", "c")))).isEqualTo(
        "([]string) (len=3 cap=3) {\n (string) (len=1) \"a\",\n (string) (len=1) \"b\",\n (string) (len=1) \"c\"\n}\n");
  }
}
