package io.vaultlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md's one-way rules, checked on the compiled production classes: every class names the classes it
 * uses in its constant pool (class references, field and method descriptors, generic signatures), so the package
 * graph read from there is what the JVM links — imports, fully-qualified names and nested types included, javadoc
 * excluded. A cycle between packages fails with the classes that make it.
 */
class PackageCyclesTest {

  /**
   * Packages that must be in no cycle (docs/architecture.md). Not {@code io.vaultlet} ↔ {@code cli}: {@code Main}
   * names its subcommands and they build the {@code Agent}, the CLI's shape; a cycle through the root package and
   * any of these still fails.
   */
  private static final Set<String> ONE_WAY = Set.of("io.vaultlet.listener", "io.vaultlet.listener.http",
      "io.vaultlet.proxy", "io.vaultlet.cache", "io.vaultlet.lease", "io.vaultlet.rotation",
      "io.vaultlet.rotation.awskey", "io.vaultlet.render", "io.vaultlet.events", "io.vaultlet.telemetry",
      "io.vaultlet.support");

  /** Directions architecture.md names, beyond "no cycle": package → packages it must not use. */
  private static final Map<String, Set<String>> FORBIDDEN = Map.of(
      "io.vaultlet.lease", Set.of("io.vaultlet.rotation", "io.vaultlet.render", "io.vaultlet.listener",
          "io.vaultlet.proxy", "io.vaultlet.cache"),
      "io.vaultlet.rotation", Set.of("io.vaultlet.render", "io.vaultlet.listener"),
      "io.vaultlet.render", Set.of("io.vaultlet.rotation.awskey", "io.vaultlet.listener", "io.vaultlet.cli"),
      "io.vaultlet.cache", Set.of("io.vaultlet.proxy", "io.vaultlet.listener"),
      "io.vaultlet.proxy", Set.of("io.vaultlet.listener"),
      "io.vaultlet.listener.http", Set.of("io.vaultlet.listener", "io.vaultlet.proxy", "io.vaultlet.cache"),
      "io.vaultlet.events", Set.of("io.vaultlet.lease", "io.vaultlet.rotation", "io.vaultlet.render"));

  private static final Pattern REF = Pattern.compile("io/vaultlet/((?:[a-z0-9_]+/)*)([A-Z][A-Za-z0-9_$]*)");

  @Test
  void theListenerRenderRotationAndLeasePackagesDependOneWay() throws Exception {
    Map<String, Map<String, Set<String>>> graph = packageGraph(classesRoot());
    assertThat(graph).as("production classes found").containsKeys("io.vaultlet.lease", "io.vaultlet.listener");
    List<String> cycles = new ArrayList<>();
    for (List<String> scc : stronglyConnected(graph)) {
      List<String> inScope = scc.stream().filter(ONE_WAY::contains).toList();
      if (scc.size() > 1 && !inScope.isEmpty()) {
        StringBuilder why = new StringBuilder("cycle among " + scc + ":");
        for (String from : scc) {
          for (String to : scc) {
            Set<String> by = graph.getOrDefault(from, Map.of()).get(to);
            if (by != null) {
              why.append("\n  ").append(from).append(" -> ").append(to).append(" (").append(by).append(")");
            }
          }
        }
        cycles.add(why.toString());
      }
    }
    assertThat(cycles).as("package cycles").isEmpty();
  }

  @Test
  void namedDirectionsHold() throws Exception {
    Map<String, Map<String, Set<String>>> graph = packageGraph(classesRoot());
    List<String> wrong = new ArrayList<>();
    FORBIDDEN.forEach((from, never) -> graph.getOrDefault(from, Map.of()).forEach((to, by) -> {
      if (never.contains(to)) {
        wrong.add(from + " -> " + to + " (" + by + ")");
      }
    }));
    assertThat(wrong).as("dependencies against docs/architecture.md").isEmpty();
  }

  @Test
  void theCheckSeesACycle() {
    Map<String, Map<String, Set<String>>> g = new TreeMap<>();
    g.put("a", Map.of("b", Set.of("A1")));
    g.put("b", Map.of("c", Set.of("B1")));
    g.put("c", Map.of("a", Set.of("C1")));
    g.put("d", Map.of("a", Set.of("D1")));
    assertThat(stronglyConnected(g)).contains(List.of("a", "b", "c")).contains(List.of("d"));
  }

  private static Path classesRoot() throws URISyntaxException {
    return Path.of(Agent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /** package → package it uses → the classes (of the first) that use it. */
  static Map<String, Map<String, Set<String>>> packageGraph(Path root) throws IOException {
    Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
    List<Path> classes;
    try (Stream<Path> files = Files.walk(root)) {
      classes = files.filter(p -> p.toString().endsWith(".class")).toList();
    }
    for (Path c : classes) {
      String rel = root.relativize(c).toString().replace('\\', '/');
      if (!rel.startsWith("io/vaultlet/")) {
        continue;
      }
      String from = packageOf(rel);
      String simple = rel.substring(rel.lastIndexOf('/') + 1, rel.length() - ".class".length());
      for (String utf8 : utf8Constants(c)) {
        Matcher m = REF.matcher(utf8);
        while (m.find()) {
          String to = ("io/vaultlet/" + m.group(1)).replaceAll("/$", "").replace('/', '.');
          if (!to.equals(from)) {
            graph.computeIfAbsent(from, k -> new TreeMap<>()).computeIfAbsent(to, k -> new TreeSet<>())
                .add(simple.replaceAll("\\$.*", ""));
          }
        }
      }
      graph.computeIfAbsent(from, k -> new TreeMap<>());
    }
    return graph;
  }

  private static String packageOf(String classFile) {
    return classFile.substring(0, classFile.lastIndexOf('/')).replace('/', '.');
  }

  /** The UTF-8 entries of a class file's constant pool (JVMS §4.4). */
  static List<String> utf8Constants(Path classFile) throws IOException {
    List<String> out = new ArrayList<>();
    try (InputStream raw = Files.newInputStream(classFile); DataInputStream in = new DataInputStream(raw)) {
      if (in.readInt() != 0xCAFEBABE) {
        throw new IOException("not a class file: " + classFile);
      }
      in.readUnsignedShort();
      in.readUnsignedShort();
      int count = in.readUnsignedShort();
      for (int i = 1; i < count; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1 -> out.add(in.readUTF());
          case 3, 4 -> in.readInt();
          case 5, 6 -> {
            in.readLong();
            i++; // takes two entries
          }
          case 7, 8, 16, 19, 20 -> in.readUnsignedShort();
          case 9, 10, 11, 12, 17, 18 -> in.readInt();
          case 15 -> {
            in.readUnsignedByte();
            in.readUnsignedShort();
          }
          default -> throw new IOException("unknown constant pool tag " + tag + " in " + classFile);
        }
      }
    }
    return out;
  }

  /** Tarjan's strongly connected components, each sorted; singletons included. */
  static List<List<String>> stronglyConnected(Map<String, Map<String, Set<String>>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new java.util.HashSet<>();
    List<List<String>> out = new ArrayList<>();
    int[] counter = {0};
    for (String v : graph.keySet()) {
      if (!index.containsKey(v)) {
        connect(v, graph, index, low, stack, onStack, out, counter);
      }
    }
    return out;
  }

  private static void connect(String v, Map<String, Map<String, Set<String>>> graph, Map<String, Integer> index,
      Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<List<String>> out, int[] counter) {
    index.put(v, counter[0]);
    low.put(v, counter[0]++);
    stack.push(v);
    onStack.add(v);
    for (String w : graph.getOrDefault(v, Map.of()).keySet()) {
      if (!index.containsKey(w)) {
        connect(w, graph, index, low, stack, onStack, out, counter);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      List<String> scc = new ArrayList<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        scc.add(w);
      } while (!w.equals(v));
      scc.sort(null);
      out.add(scc);
    }
  }
}
