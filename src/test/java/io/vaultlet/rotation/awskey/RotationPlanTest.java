package io.vaultlet.rotation.awskey;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.rotation.awskey.RotationPlan.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rotator's decisions, one situation at a time (no I/O). */
class RotationPlanTest {

  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final RotationPlan.Settings SETTINGS = new RotationPlan.Settings(Duration.ofHours(720),
      Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofHours(24));
  private static final String K = "AKIACURRENT000000000";
  private static final String N = "AKIANEW0000000000000";
  private static final String O = "AKIAOTHER00000000000";

  private static IamKeys.Key key(String id, boolean active, Duration age) {
    return new IamKeys.Key(id, active, NOW.minus(age));
  }

  private static Step decide(String kv, RotationState state, List<IamKeys.Key> keys, Map<String, Instant> lastUsed,
      Optional<String> pending, boolean forced) {
    return RotationPlan.decide(new RotationPlan.Facts(NOW, SETTINGS, "secret/aws/app", "app", kv,
        NOW.minusSeconds(30), state, keys, id -> Optional.ofNullable(lastUsed.get(id)), pending, forced));
  }

  private static Step idle(List<IamKeys.Key> keys) {
    return decide(K, RotationState.idle(), keys, Map.of(), Optional.empty(), false);
  }

  @Test
  void aYoungKeyWaitsUntilItIsRotateEveryOld() {
    assertThat(idle(List.of(key(K, true, Duration.ofDays(10)))))
        .isEqualTo(new RotationPlan.Wait(NOW.minus(Duration.ofDays(10)).plus(Duration.ofHours(720)),
            "the next rotation, when the key is 720h0m0s old"));
    assertThat(decide(K, RotationState.idle(), List.of(key(K, true, Duration.ofDays(10))), Map.of(), Optional.empty(),
        true)).isInstanceOf(RotationPlan.Create.class);
  }

  @Test
  void anOverdueKeyIsRotatedUnlessAnotherActiveKeyExists() {
    assertThat(idle(List.of(key(K, true, Duration.ofDays(31))))).isInstanceOf(RotationPlan.Create.class);
    assertThat(idle(List.of(key(K, true, Duration.ofDays(31)), key(O, true, Duration.ofDays(1)))))
        .isInstanceOfSatisfying(RotationPlan.Blocked.class, b -> assertThat(b.why()).contains(O, "never deletes"));
  }

  @Test
  void anInactiveOtherKeyIsDeletedOnlyPastItsGraceSinceItsLastUse() {
    List<IamKeys.Key> keys = List.of(key(K, true, Duration.ofDays(31)), key(O, false, Duration.ofDays(5)));
    assertThat(decide(K, RotationState.idle(), keys, Map.of(O, NOW.minus(Duration.ofHours(3))), Optional.empty(),
        false)).isEqualTo(new RotationPlan.Wait(NOW.plus(Duration.ofHours(21)), "IAM allows two keys per user: the"
            + " inactive key " + O + " is deleted once delete_after has passed since its last use"));
    assertThat(decide(K, RotationState.idle(), keys, Map.of(), Optional.empty(), false))
        .isInstanceOfSatisfying(RotationPlan.Delete.class, d -> assertThat(d.keyId()).isEqualTo(O));
  }

  @Test
  void theKeyInKvMustBeAnActiveKeyOfTheUser() {
    assertThat(idle(List.of(key(O, true, Duration.ofDays(1))))).isInstanceOfSatisfying(RotationPlan.Blocked.class,
        b -> assertThat(b.why()).contains("not one of IAM user app's keys"));
    assertThat(idle(List.of(key(K, false, Duration.ofDays(40))))).isInstanceOfSatisfying(RotationPlan.Blocked.class,
        b -> assertThat(b.why()).contains("inactive in IAM"));
  }

  @Test
  void anInterruptedCreateLeavesItsKeyToAGraceThenAbandonsIt() {
    Instant since = NOW.minusSeconds(30);
    List<IamKeys.Key> keys = List.of(key(K, true, Duration.ofDays(40)), key(N, true, Duration.ofSeconds(29)));
    assertThat(decide(K, RotationState.creating(K, since), keys, Map.of(), Optional.empty(), false))
        .isEqualTo(new RotationPlan.Wait(since.plus(RotationPlan.CREATE_GRACE),
            "a rotation started at " + since + " may still be creating its key"));
    Instant earlier = NOW.minus(Duration.ofMinutes(3));
    List<IamKeys.Key> later = List.of(key(K, true, Duration.ofDays(40)), key(N, true, Duration.ofMinutes(3)));
    assertThat(decide(K, RotationState.creating(K, earlier), later, Map.of(), Optional.empty(), false))
        .isInstanceOfSatisfying(RotationPlan.Abandon.class, a -> assertThat(a.keyId()).isEqualTo(N));
    List<IamKeys.Key> older = List.of(key(K, true, Duration.ofDays(40)), key(O, true, Duration.ofDays(2)));
    assertThat(decide(K, RotationState.creating(K, earlier), older, Map.of(), Optional.empty(), false))
        .as("a key made long before the interrupted create is not its own").isInstanceOf(RotationPlan.Blocked.class);
    assertThat(decide(K, RotationState.creating(K, earlier), List.of(key(K, true, Duration.ofDays(40))), Map.of(),
        Optional.empty(), false)).isInstanceOf(RotationPlan.Create.class);
  }

  @Test
  void aCreatedKeyIsResumedByItsOwnerWaitedForThenAbandonedByAnyOther() {
    Instant since = NOW.minusSeconds(30);
    List<IamKeys.Key> keys = List.of(key(K, true, Duration.ofDays(40)), key(N, true, Duration.ofSeconds(30)));
    RotationState created = RotationState.created(K, N, since);
    assertThat(decide(K, created, keys, Map.of(), Optional.of(N), false)).isEqualTo(new RotationPlan.Resume());
    assertThat(decide(K, created, keys, Map.of(), Optional.empty(), false))
        .isInstanceOfSatisfying(RotationPlan.Wait.class, w -> assertThat(w.until())
            .isEqualTo(since.plus(SETTINGS.propagationTimeout()).plus(RotationPlan.ABANDON_MARGIN)));
    RotationState stale = RotationState.created(K, N, NOW.minus(Duration.ofMinutes(4)));
    assertThat(decide(K, stale, keys, Map.of(), Optional.empty(), false))
        .isInstanceOfSatisfying(RotationPlan.Abandon.class, a -> assertThat(a.keyId()).isEqualTo(N));
    assertThat(decide(N, stale, keys, Map.of(), Optional.empty(), false))
        .as("already in KV: only the record is behind").isInstanceOfSatisfying(RotationPlan.Record.class, r ->
            assertThat(r.state()).isEqualTo(RotationState.published(K, N, NOW.minusSeconds(30))));
  }

  @Test
  void theOldKeyIsDeactivatedAfterDeactivateAfterAndDeletedAfterDeleteAfter() {
    List<IamKeys.Key> keys = List.of(key(K, true, Duration.ofDays(40)), key(N, true, Duration.ofMinutes(5)));
    assertThat(decide(N, RotationState.published(K, N, NOW.minus(Duration.ofMinutes(9))), keys, Map.of(),
        Optional.empty(), false)).isInstanceOf(RotationPlan.Wait.class);
    assertThat(decide(N, RotationState.published(K, N, NOW.minus(Duration.ofMinutes(10))), keys, Map.of(),
        Optional.empty(), false)).isEqualTo(new RotationPlan.Deactivate(K));
    assertThat(decide(K, RotationState.published(K, N, NOW.minus(Duration.ofMinutes(10))), keys, Map.of(),
        Optional.empty(), false)).as("KV changed under the rotation").isInstanceOf(RotationPlan.Blocked.class);

    List<IamKeys.Key> inactive = List.of(key(K, false, Duration.ofDays(40)), key(N, true, Duration.ofHours(25)));
    assertThat(decide(N, RotationState.deactivated(K, N, NOW.minus(Duration.ofHours(23))), inactive, Map.of(),
        Optional.empty(), false)).isEqualTo(new RotationPlan.Wait(NOW.plus(Duration.ofHours(1)),
            "the old key " + K + " is deleted after delete_after"));
    assertThat(decide(N, RotationState.deactivated(K, N, NOW.minus(Duration.ofHours(24))), inactive, Map.of(),
        Optional.empty(), false)).isInstanceOfSatisfying(RotationPlan.Delete.class,
            d -> assertThat(d.keyId()).isEqualTo(K));
    assertThat(decide(N, RotationState.deactivated(K, N, NOW.minus(Duration.ofHours(24))), keys, Map.of(),
        Optional.empty(), false)).as("re-activated by a person: never deleted")
        .isInstanceOf(RotationPlan.Blocked.class);
  }

  @Test
  void stateRoundTripsThroughCustomMetadataKeepingOtherKeys() {
    RotationState s = RotationState.published(K, N, NOW);
    Map<String, String> merged = s.mergeInto(Map.of("owner", "team-a", "vaultlet_rotation_new_key", "stale"));
    assertThat(merged).containsEntry("owner", "team-a").containsEntry("vaultlet_rotation_phase", "published")
        .containsEntry("vaultlet_rotation_new_key", N).containsEntry("vaultlet_rotation_since", NOW.toString());
    assertThat(RotationState.from(merged)).isEqualTo(s);
    assertThat(RotationState.from(Map.of("vaultlet_rotation_phase", "from-the-future"))).isEqualTo(
        RotationState.idle());
  }

  @Test
  void aFailedStepIsRetriedAfter30sDoublingToAtMost30m() {
    List<Duration> waits = java.util.stream.IntStream.range(0, 9)
        .mapToObj(r -> AccessKeyRotator.FAILURE_RETRY.next(r).orElseThrow()).toList();
    assertThat(waits).containsExactly(Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
        Duration.ofMinutes(4), Duration.ofMinutes(8), Duration.ofMinutes(16), Duration.ofMinutes(30),
        Duration.ofMinutes(30), Duration.ofMinutes(30));
    assertThat(AccessKeyRotator.FAILURE_RETRY.next(10_000)).as("forever").contains(Duration.ofMinutes(30));
  }
}
