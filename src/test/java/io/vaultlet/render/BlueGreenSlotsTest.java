package io.vaultlet.render;

import static io.vaultlet.render.RotationFixture.CREDS;
import static io.vaultlet.render.RotationFixture.DB_TEMPLATE;
import static io.vaultlet.render.RotationFixture.creds;
import static io.vaultlet.render.RotationFixture.logsIn;
import static io.vaultlet.render.TemplateSpecs.template;
import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.events.RotationEvent;
import io.vaultlet.testing.ReaderLoop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slots = "blue_green"}: alternate slot files behind a symlink that is switched atomically and never dangles. */
class BlueGreenSlotsTest {

  private static final Duration GRACE = Duration.ofMinutes(5);

  @TempDir Path dir;
  private RotationFixture f;

  @BeforeEach
  void start() throws Exception {
    f = new RotationFixture();
    f.h.database("1h", "24h");
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private TemplateRunner.Spec spec(Path out) {
    return template(DB_TEMPLATE, out).perms(0600).rotation(Optional.empty(), GRACE, true).spec();
  }

  @Test
  void slotsAlternateTheLinkNeverDanglesAndTheOtherSlotKeepsThePreviousCredentialForTheGrace() throws Exception {
    Path out = dir.resolve("db.conf");
    f.start(null, spec(out));
    assertThat(Files.isSymbolicLink(out)).isTrue();
    assertThat(Files.readSymbolicLink(out)).isEqualTo(Path.of("db.conf.blue"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("db.conf.blue"))))
        .isEqualTo("rw-------");
    assertThat(f.runner.status().templates().get(0).slot()).isEqualTo("blue");

    ReaderLoop reader = new ReaderLoop(out, CREDS).start();
    List<String[]> seen = new ArrayList<>();
    seen.add(creds(out));
    try {
      for (int i = 0; i < 4; i++) {
        String[] previous = seen.get(seen.size() - 1);
        f.rotateByRefusedRenewal();
        String active = i % 2 == 0 ? "green" : "blue";
        String other = i % 2 == 0 ? "blue" : "green";
        assertThat(Files.readSymbolicLink(out)).isEqualTo(Path.of("db.conf." + active));
        String[] now = creds(out);
        assertThat(now[0]).isNotEqualTo(previous[0]);
        assertThat(creds(dir.resolve("db.conf." + other))).as("the other slot keeps the previous credential")
            .containsExactly(previous);
        assertThat(logsIn(now)).isTrue();
        assertThat(logsIn(previous)).as("the previous credential works during the grace period").isTrue();
        assertThat(f.runner.status().templates().get(0).slot()).isEqualTo(active);
        seen.add(now);
        f.h.advance(GRACE.plusSeconds(1));
        assertThat(logsIn(previous)).as("revoked when the grace ends").isFalse();
      }
    } finally {
      reader.stop();
    }

    assertThat(reader.failure()).as("every read through the link saw a complete credential").isNull();
    assertThat(reader.reads()).isPositive();
    assertThat(reader.targets()).containsExactlyInAnyOrder("db.conf.blue", "db.conf.green");
    assertThat(f.events("switch")).hasSize(5).allSatisfy(e -> assertThat(e.message()).contains("→ db.conf."));
    assertThat(f.events("revoke")).hasSize(4).extracting(RotationEvent::result)
        .containsOnly(RotationEvent.Result.SUCCEEDED);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("db.conf", "db.conf.blue", "db.conf.green");
    }
  }

  @Test
  void aRegularFileAtTheDestinationIsReplacedByALinkWithItsMode() throws Exception {
    Path out = dir.resolve("db.conf");
    Files.writeString(out, "left by an earlier agent\n");
    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-r-----"));
    f.start(null, template(DB_TEMPLATE, out).rotation(Optional.empty(), Duration.ZERO, true).spec());

    assertThat(Files.isSymbolicLink(out)).isTrue();
    assertThat(creds(out)).hasSize(2);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("db.conf.blue"))))
        .isEqualTo("rw-r-----");
  }

  @Test
  void aRestartKeepsTheActiveSlotAndWritesTheOtherOne() throws Exception {
    Path out = dir.resolve("db.conf");
    f.start(null, spec(out));
    f.rotateByRefusedRenewal();
    assertThat(Files.readSymbolicLink(out)).isEqualTo(Path.of("db.conf.green"));
    String[] green = creds(out);

    f.stop();
    f.start(null, spec(out)); // a new process fetches a new credential: it goes to blue, green keeps the last one

    assertThat(Files.readSymbolicLink(out)).isEqualTo(Path.of("db.conf.blue"));
    assertThat(creds(dir.resolve("db.conf.green"))).containsExactly(green);
  }

  @Test
  void theTemplateSeesThePreviousCredentialForApplicationsThatAcceptTwo() throws Exception {
    Path out = dir.resolve("two.conf");
    f.start(null, template("{{ with secret \"database/creds/app\" }}{{ .Data.username }}|"
        + "{{ .Previous.Data.username }}{{ end }}", out).rotation(Optional.empty(), GRACE, true).spec());
    String first = Files.readString(out);
    assertThat(first).endsWith("|");

    f.rotateByRefusedRenewal();
    String[] now = Files.readString(out).split("\\|");
    assertThat(now[1]).isEqualTo(first.substring(0, first.length() - 1));
    assertThat(now[0]).isNotEqualTo(now[1]);
  }
}
