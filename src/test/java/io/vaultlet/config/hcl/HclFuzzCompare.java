package io.vaultlet.config.hcl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Not a test: the Java half of src/test/go/hclgolden/fuzz.sh. Checks every random input in a directory against the
 * goldens the Go library wrote for it, with the same assertions as {@link HclDifferentialTest}, and prints each
 * disagreement with its input.
 */
public final class HclFuzzCompare {

  private HclFuzzCompare() {}

  public static void main(String[] args) throws Exception {
    List<HclGolden> all = HclGolden.all(Path.of(args[0]), Path.of(args[1]));
    int differ = 0;
    for (HclGolden golden : all) {
      try {
        HclDifferentialTest.check(golden);
      } catch (AssertionError | RuntimeException e) {
        differ++;
        System.out.println("== " + golden.fixture() + "\n" + Files.readString(golden.fixture()) + "\n-- " + e);
      }
    }
    System.out.println(differ + " of " + all.size() + " inputs differ from the Go library");
    System.exit(differ == 0 ? 0 : 1);
  }
}
