package io.vaultlet.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.support.UnitCaseCorpus;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** consul-template's {@code TestShimKVv2Path} cases (section {@code kv2_read_path_shim}) against {@link KvMounts#shim}. */
class KvMountsShimCorpusTest {

  @TestFactory
  Stream<DynamicTest> rewritesPathsAsConsulTemplateDoes() {
    return UnitCaseCorpus.tests("kv2_read_path_shim", c -> assertThat(
        KvMounts.shim(c.path("raw_path").asText(), c.path("mount_path").asText(), c.path("client_namespace").asText()))
        .as("%s: shimKVv2Path(%s, %s, %s)", c.path("name").asText(), c.path("raw_path"), c.path("mount_path"),
            c.path("client_namespace"))
        .isEqualTo(c.path("expected").asText()));
  }

  @Test
  void theCorpusHasAllTwentyTwoCases() {
    UnitCaseCorpus.file().ifPresent(f -> assertThat(UnitCaseCorpus.cases(f, "kv2_read_path_shim")).hasSize(22));
  }
}
