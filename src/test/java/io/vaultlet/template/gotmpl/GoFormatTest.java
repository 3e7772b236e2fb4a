package io.vaultlet.template.gotmpl;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Behaviour the Go goldens cannot express: Java-only types, the fixed pointer address, and the fast paths.
 * Expected values follow Go's rules for the Go type each Java type stands for; GoFormatGoldenTest holds the
 * outputs Go itself produced.
 */
class GoFormatTest {

  private static final GoStruct SECRET = struct("*dependency.Secret", true, "LeaseID", "db/creds/1", "Renewable", true);

  private static GoStruct struct(String typeName, boolean pointer, Object... namesAndValues) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return new GoStruct() {
      @Override
      public String typeName() {
        return typeName;
      }

      @Override
      public boolean pointer() {
        return pointer;
      }

      @Override
      public List<String> fieldNames() {
        return List.copyOf(fields.keySet());
      }

      @Override
      public Object field(String name) {
        return fields.get(name);
      }
    };
  }

  private static String sprintf(String format, Object... args) {
    return GoFormat.sprintf(format, Arrays.asList(args));
  }

  @Test
  void printsTemplateValuesAsGoPrintsThem() {
    Map<String, Object> data = new HashMap<>();
    data.put("username", "app");
    data.put("ttl", 3600L);
    data.put("tags", List.of("a", "b"));
    data.put("missing", null);
    assertThat(GoFormat.formatValue(data)).isEqualTo("map[missing:<nil> tags:[a b] ttl:3600 username:app]");
    assertThat(GoFormat.formatValue(1e6)).isEqualTo("1e+06");
    assertThat(GoFormat.formatValue(123456.0)).isEqualTo("123456");
    assertThat(GoFormat.formatValue(1e-5)).isEqualTo("1e-05");
    assertThat(GoFormat.formatValue(null)).isEqualTo("<nil>");
  }

  @Test
  void acceptsOtherJavaIntegerTypesAsGoIntegers() {
    assertThat(sprintf("%v %d %05x %T %q", 42, 42, 42, 42, 42)).isEqualTo("42 42 0002a int '*'");
    assertThat(sprintf("%v %d %05x %T %q", (short) 42, (short) 42, (short) 42, (short) 42, (short) 42))
        .isEqualTo("42 42 0002a int16 '*'");
    assertThat(sprintf("%v %T %s", (byte) -1, (byte) -1, (byte) -1)).isEqualTo("-1 int8 %!s(int8=-1)");
    assertThat(sprintf("%v %T", BigInteger.valueOf(42), BigInteger.valueOf(42))).isEqualTo("42 int");
    assertThat(sprintf("%*d|", (short) 4, 7L)).isEqualTo("   7|");
    assertThat(GoFormat.formatValue(-7)).isEqualTo("-7");
  }

  @Test
  void exposesStrconvFormatFloatAndQuoteForOtherPackages() {
    assertThat(GoFormat.formatFloat(6.0708402882054033E82, 'g', -1)).isEqualTo("6.070840288205404e+82");
    assertThat(GoFormat.formatFloat(1e21, 'f', -1)).isEqualTo("1000000000000000000000");
    assertThat(GoFormat.formatFloat(0.125, 'f', 2)).isEqualTo("0.12");
    assertThat(GoFormat.quote("tab\t\u00e9\u2028")).isEqualTo("\"tab\\t\u00e9\\u2028\"");
  }

  @Test
  void bigIntegersBeyondInt64AreUint64OrBigInt() {
    BigInteger maxUint64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    assertThat(sprintf("%v %T %#v", maxUint64, maxUint64, maxUint64))
        .isEqualTo("18446744073709551615 uint64 0xffffffffffffffff");
    BigInteger huge = BigInteger.TEN.pow(30);
    assertThat(sprintf("%v %T %x", huge, huge, huge))
        .isEqualTo("1000000000000000000000000000000 *big.Int c9f2c9cd04674edea40000000");
  }

  @Test
  void acceptsFloatAsFloat32() {
    assertThat(GoFormat.formatValue(0.1f)).isEqualTo("0.1");
    assertThat(sprintf("%T %v %.10f", 0.1f, 3.4e38f, 0.1f)).isEqualTo("float32 3.4e+38 0.1000000015");
  }

  @Test
  void findsShorterDigitsThanJava17DoubleToString() {
    double v = Double.longBitsToDouble(0x3b70000000000000L);
    assertThat(GoFormat.formatValue(v)).isEqualTo("2.117582368135751e-22");
    assertThat(GoFormat.formatValue(6.0708402882054033E82)).isEqualTo("6.070840288205404e+82");
  }

  @Test
  void roundsHalfToEvenOnTheExactBinaryValue() {
    assertThat(sprintf("%.2f %.0f %.0f %.1f", 0.125, 2.5, 3.5, 0.05)).isEqualTo("0.12 2 4 0.1");
  }

  @Test
  void structTypeNameMayCarryThePointerStar() {
    assertThat(sprintf("%v|%+v|%T|%#v", SECRET, SECRET, SECRET, SECRET)).isEqualTo(
        "&{db/creds/1 true}|&{LeaseID:db/creds/1 Renewable:true}|*dependency.Secret"
            + "|&dependency.Secret{LeaseID:\"db/creds/1\", Renewable:true}");
    GoStruct plain = struct("dependency.Secret", true, "LeaseID", "x");
    assertThat(sprintf("%T %#v", plain, plain)).isEqualTo("*dependency.Secret &dependency.Secret{LeaseID:\"x\"}");
  }

  @Test
  void pointersBelowTheTopLevelPrintOneFixedAddressSoOutputIsStable() {
    String once = GoFormat.formatValue(List.of(SECRET, SECRET));
    assertThat(once).isEqualTo("[0xc000010000 0xc000010000]");
    assertThat(GoFormat.formatValue(List.of(SECRET, SECRET))).isEqualTo(once);
    assertThat(sprintf("%p %p", List.of(), Map.of())).isEqualTo("0xc000010000 0xc000010000");
    assertThat(sprintf("%#v", Map.of("s", SECRET)))
        .isEqualTo("map[string]interface {}{\"s\":(*dependency.Secret)(0xc000010000)}");
  }

  @Test
  void functionsPrintAsTheirAddressLikeGoFuncValues() {
    TemplateFunction f = args -> null;
    assertThat(sprintf("%v %T %s", f, f, List.of(f)))
        .isEqualTo("0xc000010000 func(...interface {}) (interface {}, error) [%!s(func(...interface {}) (interface {},"
            + " error)=0xc000010000)]");
  }

  @Test
  void otherJavaObjectsPrintThroughToStringLikeAGoStringer() {
    Object uri = java.net.URI.create("https://vault:8200");
    assertThat(sprintf("%v|%s|%q|%10.5s|%T|%d", uri, uri, uri, uri, uri, uri)).isEqualTo(
        "https://vault:8200|https://vault:8200|\"https://vault:8200\"|     https|java.net.URI"
            + "|%!d(java.net.URI=https://vault:8200)");
  }

  @Test
  void loneSurrogatesBehaveAsTheirWtf8Bytes() {
    assertThat(sprintf("%q|%x|%5s|", "a\uD800", "\uD800", "\uDC00")).isEqualTo("\"a\\xed\\xa0\\x80\"|eda080|  \uDC00|");
  }

  @Test
  void mapKeysSortByCodePointLikeGoSortsUtf8() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("\uFFFF", 1L);
    m.put("\uD83D\uDE00", 2L);
    m.put("b", 3L);
    assertThat(GoFormat.formatValue(m)).isEqualTo("map[b:3 \uFFFF:1 \uD83D\uDE00:2]");
  }

  @Test
  void mapsWithOtherKeyTypesSortAsGoSortsThoseKeys() {
    Map<Object, Object> ints = new LinkedHashMap<>();
    ints.put(10L, "c");
    ints.put(-1L, "a");
    ints.put(2L, "b");
    assertThat(sprintf("%v %#v", ints, ints))
        .isEqualTo("map[-1:a 2:b 10:c] map[int]interface {}{-1:\"a\", 2:\"b\", 10:\"c\"}");
    Map<Object, Object> bools = new LinkedHashMap<>();
    bools.put(true, 1L);
    bools.put(false, 0L);
    assertThat(GoFormat.formatValue(bools)).isEqualTo("map[false:0 true:1]");
  }

  @Test
  void sprintSpacesOnlyBetweenTwoNonStrings() {
    assertThat(GoFormat.sprint(Arrays.asList("a", 1L, 2L, "b", null, "c"))).isEqualTo("a1 2b<nil>c");
    assertThat(GoFormat.sprintln(Arrays.asList("a", 1L, null))).isEqualTo("a 1 <nil>\n");
    assertThat(GoFormat.sprint(List.of())).isEmpty();
  }

  @Test
  void fastPathsAgreeWithTheFullPrinter() {
    for (Object v : Arrays.asList("s", "", 0L, Long.MIN_VALUE, true, false, null, 1.5, -0.0, Double.NaN,
        Double.NEGATIVE_INFINITY, 1e21, 7, Integer.MIN_VALUE)) {
      assertThat(GoFormat.formatValue(v)).isEqualTo(sprintf("%v", v));
      assertThat(GoFormat.sprint(Arrays.asList(v))).isEqualTo(sprintf("%v", v));
    }
  }
}
