package io.vaultlet.template.gotmpl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Thousands of random float64 and float32 values (any bit pattern, short decimals, values next to powers of ten
 * and two, random digit strings) formatted by Go with a fixed seed (src/test/resources/gofmt/floats.tsv): shortest
 * digits for {@code %v %g %e}, exact rounding for explicit precisions, {@code %x} and {@code %b}.
 */
class GoFloatGoldenTest {

  record Row(int size, String bits, List<String> want) {
    Object value() {
      return size == 32
          ? (Object) Float.intBitsToFloat((int) Long.parseLong(bits, 16))
          : (Object) Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
    }
  }

  private static List<String> formats;

  private static List<Row> rows() throws IOException {
    List<Row> rows = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        GoFloatGoldenTest.class.getResourceAsStream("/gofmt/floats.tsv"), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith("#")) {
          continue;
        }
        List<String> cols = Arrays.asList(line.split("\t", -1));
        if (cols.get(0).equals("size")) {
          formats = cols.subList(2, cols.size());
          continue;
        }
        rows.add(new Row(Integer.parseInt(cols.get(0)), cols.get(1), cols.subList(2, cols.size())));
      }
    }
    return rows;
  }

  @TestFactory
  Stream<DynamicTest> formatsRandomFloatsAsGoDoes() throws IOException {
    List<Row> rows = rows();
    return formats.stream().map(format -> DynamicTest.dynamicTest(format, () -> {
      int col = formats.indexOf(format);
      List<String> mismatches = new ArrayList<>();
      for (Row row : rows) {
        String got = GoFormat.sprintf(format, List.of(row.value()));
        if (!got.equals(row.want().get(col))) {
          mismatches.add("float" + row.size() + " bits " + row.bits() + ": want " + row.want().get(col)
              + ", got " + got);
        }
      }
      assertThat(mismatches).as("%s over %d values", format, rows.size()).isEmpty();
    }));
  }

  @Test
  void coversThousandsOfValuesOfBothSizes() throws IOException {
    List<Row> rows = rows();
    assertThat(rows).hasSizeGreaterThanOrEqualTo(4000);
    assertThat(rows.stream().filter(r -> r.size() == 32).count()).isGreaterThan(500);
    assertThat(formats).contains("%v", "%g", "%e", "%f");
  }

  @Test
  void formatValuePrintsShortestDigitsLikePercentV() throws IOException {
    for (Row row : rows()) {
      assertThat(GoFormat.formatValue(row.value())).as(row.bits()).isEqualTo(row.want().get(formats.indexOf("%v")));
    }
  }
}
