package io.vaultlet.bench;

import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.vault.VaultClient;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CPU per lease renewal on the agent's side: {@code N} leases (the emulator's {@code aws} engine, 30 s each) from
 * {@code vaultlet dev} in the same JVM, then every one renewed with {@link VaultClient#renewLease}, as the lease
 * watcher does, {@code ROUNDS} times over. The CPU time of every thread but the emulator's ({@code dev-*}, the JDK HttpServer's) is counted:
 * the renewing thread and any the HTTP client hands work to (the JDK's HttpClient ran its exchanges on a selector
 * thread and a worker pool), so the figure is the client's send path and response parsing, nothing of the emulator.
 * The JIT compiler's and the collector's time are not in it.
 *
 * <pre>java [sidecar flags] -cp target/bench/vaultlet-bench.jar io.vaultlet.bench.RenewalCost [leases] [rounds]</pre>
 *
 * Prints {@code renewal_cpu_us=… leases=… rounds=…}: the median round's CPU per renewal, in microseconds.
 */
public final class RenewalCost {

  private RenewalCost() {}

  /** CPU nanoseconds by thread id, every live thread but the emulator's. */
  private static Map<Long, Long> clientThreads(ThreadMXBean cpu) {
    Map<Long, Long> out = new java.util.HashMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (!server(t.getName())) {
        long ns = cpu.getThreadCpuTime(t.getId());
        if (ns >= 0) {
          out.put(t.getId(), ns);
        }
      }
    }
    return out;
  }

  /** The emulator's threads: its workers and the JDK HttpServer's dispatcher and idle timer. */
  private static boolean server(String name) {
    return name.startsWith("dev-") || name.equals("HTTP-Dispatcher") || name.equals("idle-timeout-task");
  }

  private static String clientThreadNames() {
    return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).filter(n -> !server(n))
        .sorted().toList().toString();
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    try (DevServer dev = DevServer.start(DevOptions.builder().noPostgres(true).threads(2).build())) {
      VaultClient root = VaultClient.create(VaultClient.Settings.builder(dev.uri()).build()).withToken("root");
      root.write("sys/mounts/aws", Map.of("type", "aws"));
      root.write("aws/config/root", Map.of("access_key", "AKIAEXAMPLE", "secret_key", "example",
          "region", "us-east-1"));
      root.write("aws/config/lease", Map.of("lease", "30s", "lease_max", "24h"));
      root.write("aws/roles/r", Map.of("credential_type", "iam_user"));
      List<String> leases = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        leases.add(root.read("aws/creds/r").orElseThrow().leaseId());
      }
      long[] perRound = new long[rounds];
      for (int r = 0; r < rounds; r++) {
        Map<Long, Long> start = clientThreads(cpu);
        for (String id : leases) {
          root.renewLease(id, Duration.ofSeconds(30));
        }
        long used = 0;
        for (Map.Entry<Long, Long> e : clientThreads(cpu).entrySet()) {
          used += e.getValue() - start.getOrDefault(e.getKey(), 0L);
        }
        perRound[r] = used / n;
        System.err.println("round " + (r + 1) + ": " + perRound[r] / 1000 + " us CPU per renewal");
      }
      java.util.Arrays.sort(perRound);
      System.out.println("client threads: " + clientThreadNames());
      System.out.println("renewal_cpu_us=" + perRound[rounds / 2] / 1000 + " leases=" + n + " rounds=" + rounds);
    }
  }
}
