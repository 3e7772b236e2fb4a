package io.vaultlet.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class BackendProviderTest {

  /** Registers a type, pre-mounts it at start-up and records the lifecycle, as the engines' providers do. */
  static final class RecordingProvider implements BackendProvider {
    final List<String> events = new CopyOnWriteArrayList<>();
    final StubEngine engine = new StubEngine();

    @Override
    public void register(BackendRegistry registry) {
      registry.register("recorded", MountKind.SECRET, ctx -> {
        events.add("create " + ctx.path() + " postgres=" + ctx.server().postgresUrl());
        return engine;
      });
    }

    @Override
    public void serverStarted(DevServer server) {
      events.add("started");
      server.mount("pre", "recorded", Map.of());
    }

    @Override
    public void serverStopped(DevServer server) {
      events.add("stopped");
    }
  }

  @Test
  void providersRegisterTypesAndSeeTheServerStartAndStop() throws Exception {
    RecordingProvider provider = new RecordingProvider();
    BackendRegistry registry = BackendRegistry.standard().add(provider);
    try (DevServer server = DevServer.start(DevOptions.builder().registry(registry)
        .postgresUrl("jdbc:postgresql://127.0.0.1:5432/app").build())) {
      Http vault = new Http(server.address(), server.rootToken());
      assertThat(vault.get("/v1/sys/mounts").data()).containsKey("pre/");
      assertThat(vault.get("/v1/pre/creds/x?ttl=60").json()).containsEntry("lease_duration", 60);
    }
    assertThat(provider.events).containsExactly("started", "create pre/ postgres=jdbc:postgresql://127.0.0.1:5432/app",
        "stopped");
  }

  @Test
  void aFailingStartHookFailsStart() {
    BackendRegistry registry = BackendRegistry.standard().add(new BackendProvider() {
      @Override
      public void register(BackendRegistry r) {}

      @Override
      public void serverStarted(DevServer server) {
        throw new IllegalStateException("postgres did not start");
      }
    });
    assertThatThrownBy(() -> DevServer.start(DevOptions.builder().registry(registry).build()))
        .isInstanceOf(IOException.class).hasMessageContaining("postgres did not start");
  }
}
