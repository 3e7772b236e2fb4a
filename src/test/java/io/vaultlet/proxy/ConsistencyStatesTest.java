package io.vaultlet.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Vault's {@code MergeReplicationStates} and {@code ParseReplicationState} (no HMAC key), as the API proxy keeps them. */
class ConsistencyStatesTest {

  private static String state(String cluster, long local, long replicated) {
    return Base64.getEncoder().encodeToString(("v1:" + cluster + ":" + local + ":" + replicated + ":" + "ab12")
        .getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aNewerStateReplacesAnOlderOneOfTheSameCluster() {
    String a = state("c1", 5, 1);
    String b = state("c1", 6, 1);
    assertThat(ConsistencyStates.merge(List.of(a), b)).containsExactly(b);
    assertThat(ConsistencyStates.merge(List.of(b), a)).as("an older one does not replace").containsExactly(b);
    assertThat(ConsistencyStates.merge(List.of(a), a)).containsExactly(a);
  }

  @Test
  void statesThatDoNotOrderAreBothKeptSorted() {
    String localAhead = state("c1", 9, 1);
    String replicatedAhead = state("c1", 5, 3);
    List<String> merged = ConsistencyStates.merge(List.of(localAhead), replicatedAhead);
    assertThat(merged).containsExactlyInAnyOrder(localAhead, replicatedAhead);
    assertThat(merged).isSorted();
    // a third that beats both leaves it alone
    assertThat(ConsistencyStates.merge(merged, state("c1", 9, 3))).containsExactly(state("c1", 9, 3));
  }

  @Test
  void anUnparsableStateOrAnotherClusterOrMoreThanTwoStartsOver() {
    String a = state("c1", 5, 1);
    assertThat(ConsistencyStates.merge(List.of(a), state("c2", 1, 0))).containsExactly(state("c2", 1, 0));
    assertThat(ConsistencyStates.merge(List.of(a), "not base64!")).containsExactly("not base64!");
    String badHmac = Base64.getEncoder().encodeToString("v1:c1:7:1:zz".getBytes(StandardCharsets.UTF_8));
    assertThat(ConsistencyStates.merge(List.of(a), badHmac)).containsExactly(badHmac);
    assertThat(ConsistencyStates.merge(List.of(a, state("c1", 1, 9), state("c1", 2, 2)), a)).containsExactly(a);
    assertThat(ConsistencyStates.merge(List.of(), a)).containsExactly(a);
  }

  @Test
  void parsesVaultsFormat() {
    assertThat(ConsistencyStates.parse(state("cluster-x", 12, 34)))
        .isEqualTo(new ConsistencyStates.State("cluster-x", 12, 34));
    assertThat(ConsistencyStates.parse(Base64.getEncoder().encodeToString("v2:c:1:2:ab".getBytes()))).isNull();
    assertThat(ConsistencyStates.parse(Base64.getEncoder().encodeToString("v1::1:2:ab".getBytes()))).isNull();
    assertThat(ConsistencyStates.parse(Base64.getEncoder().encodeToString("v1:c:x:2:ab".getBytes()))).isNull();
    assertThat(ConsistencyStates.parse(Base64.getEncoder().encodeToString("v1:c:1:2".getBytes()))).isNull();
  }
}
