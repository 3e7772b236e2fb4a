package io.vaultlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.config.AgentConfig;
import io.vaultlet.config.ConfigLoader;
import io.vaultlet.config.ListenerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** examples/kubernetes stays consistent: YAML parses, probes and ports match the listeners, paths match mounts. */
class KubernetesExampleTest {

  private static final Path DIR = Path.of("examples/kubernetes");

  @TempDir Path tmp;

  @Test
  @SuppressWarnings("unchecked")
  void deploymentAndConfigAgree() throws Exception {
    Map<String, Object> deployment = new Yaml().load(Files.readString(DIR.resolve("deployment.yaml")));
    Map<String, Object> configMap = new Yaml().load(Files.readString(DIR.resolve("configmap.yaml")));
    Map<String, String> data = (Map<String, String>) configMap.get("data");
    Path hcl = tmp.resolve("agent.hcl");
    Files.writeString(hcl, data.get("agent.hcl"));
    AgentConfig config = ConfigLoader.load(List.of(hcl), Map.of()).config();

    Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) deployment
        .get("spec")).get("template")).get("spec");
    Map<String, Object> sidecar = ((List<Map<String, Object>>) pod.get("initContainers")).get(0);
    assertThat(sidecar.get("restartPolicy")).as("a native sidecar").isEqualTo("Always");
    assertThat((List<String>) sidecar.get("args")).containsSequence("-config", "/etc/vaultlet/agent.hcl");

    List<Integer> ports = new ArrayList<>();
    for (ListenerConfig l : config.listeners()) {
      String a = l.addressOrDefault();
      ports.add(Integer.parseInt(a.substring(a.lastIndexOf(':') + 1)));
    }
    List<Integer> declared = ((List<Map<String, Object>>) sidecar.get("ports")).stream()
        .map(p -> (Integer) p.get("containerPort")).toList();
    assertThat(declared).containsExactlyInAnyOrderElementsOf(ports);
    for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
      Map<String, Object> get = (Map<String, Object>) ((Map<String, Object>) sidecar.get(probe)).get("httpGet");
      int port = (Integer) get.get("port");
      ListenerConfig l = config.listeners().get(ports.indexOf(port));
      assertThat(l.metricsOnly()).as(probe + " goes to a listener that serves the agent API").isFalse();
      assertThat((String) get.get("path")).isIn("/agent/v1/ready", "/agent/v1/health", "/agent/v1/live");
    }
    Map<String, String> annotations = (Map<String, String>) ((Map<String, Object>) ((Map<String, Object>)
        ((Map<String, Object>) deployment.get("spec")).get("template")).get("metadata")).get("annotations");
    int scrape = Integer.parseInt(annotations.get("prometheus.io/port"));
    assertThat(config.listeners().get(ports.indexOf(scrape)).metricsOnly()).isTrue();
    assertThat(annotations.get("prometheus.io/path")).isEqualTo("/agent/v1/metrics");
    assertThat(config.telemetry()).isPresent();

    List<String> mounts = ((List<Map<String, Object>>) sidecar.get("volumeMounts")).stream()
        .map(m -> (String) m.get("mountPath")).toList();
    for (var t : config.templates()) {
      assertThat(mounts).anyMatch(m -> t.destination().startsWith(m + "/"));
      t.source().ifPresent(src -> {
        assertThat(mounts).anyMatch(m -> src.startsWith(m + "/"));
        assertThat(data).containsKey(Path.of(src).getFileName().toString());
      });
    }
    config.pidFile().ifPresent(pid -> assertThat(mounts).anyMatch(m -> pid.startsWith(m + "/")));
  }
}
