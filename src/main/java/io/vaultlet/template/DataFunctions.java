package io.vaultlet.template;

import io.vaultlet.pki.LocalKeyRequest;
import io.vaultlet.support.Redactor;
import io.vaultlet.template.gotmpl.GoFormat;
import io.vaultlet.template.gotmpl.TemplateFunction;
import io.vaultlet.template.gotmpl.TemplateFunction.ArgumentException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The functions that read outside data: Vault ({@code secret secrets pkiCert}), files, the environment, the clock,
 * {@code scratch}, {@code executeTemplate}, {@code plugin}, {@code writeToFile}. Every data function follows the n-pass
 * contract: record the dependency, return its data or an empty value when the brain has none yet.
 */
final class DataFunctions {

  /** Consul and Nomad functions: present so that a template using them fails with a clear message. */
  static final List<String> UNSUPPORTED = List.of(
      "datacenters", "exportedServices", "importedServices", "key", "keyExists", "keyOrDefault", "ls", "safeLs",
      "node", "nodes", "partitions", "peerings", "service", "connect", "services", "tree", "safeTree", "caRoots",
      "caLeaf", "byKey", "byTag", "byPort", "byMeta", "nomadServices", "nomadService", "nomadVarList",
      "nomadVarListSafe", "nomadVar", "nomadVarExists");

  private DataFunctions() {}

  /** Registers the data functions; each call reads its execution's state from {@code context.get()}. */
  static void register(Map<String, TemplateFunction> fns, Supplier<FunctionContext> context) {
    fns.put("secret", args -> secret(context.get(), args));
    fns.put("secrets", args -> secrets(context.get(), args));
    fns.put("pkiCert", args -> pkiCert(context.get(), args));
    fns.put("file", args -> file(context.get(), args));
    fns.put("env", args -> {
      Args.count("env", args, 1);
      FunctionContext ctx = context.get();
      String name = Args.string(args, 0);
      if (ctx.runnerEnv.containsKey(name)) {
        return ctx.runnerEnv.get(name);
      }
      String v = ctx.processEnv.apply(name);
      return v == null ? "" : v;
    });
    fns.put("mustEnv", args -> {
      Args.count("mustEnv", args, 1);
      FunctionContext ctx = context.get();
      String name = Args.string(args, 0);
      String v = ctx.runnerEnv.getOrDefault(name, "");
      if (v.isEmpty()) {
        v = ctx.processEnv.apply(name);
      }
      if (v == null || v.isEmpty()) {
        throw new IllegalArgumentException("required environment variable " + name + " is empty");
      }
      return v;
    });
    fns.put("envOrDefault", args -> {
      Args.count("envOrDefault", args, 2);
      FunctionContext ctx = context.get();
      String name = Args.string(args, 0);
      String def = Args.string(args, 1);
      if (ctx.runnerEnv.containsKey(name)) {
        return ctx.runnerEnv.get(name);
      }
      String v = ctx.processEnv.apply(name);
      return v == null ? def : v;
    });
    fns.put("scratch", args -> {
      Args.count("scratch", args, 0);
      return context.get().scratch;
    });
    fns.put("timestamp", args -> timestamp(context.get(), args));
    fns.put("executeTemplate", args -> {
      Args.atLeast("executeTemplate", args, 1);
      if (args.size() > 2) {
        throw new IllegalArgumentException(
            "executeTemplate: wrong number of arguments, expected 1 or 2, but got " + args.size());
      }
      String name = Args.string(args, 0);
      FunctionContext ctx = context.get();
      if (ctx.templateInvoker == null) {
        throw new IllegalStateException("executeTemplate is not available in this dialect");
      }
      return ctx.templateInvoker.execute(name, args.size() == 2 ? args.get(1) : null);
    });
    fns.put("plugin", DataFunctions::plugin);
    fns.put("writeToFile", DataFunctions::writeToFile);
    fns.put("sockaddr", args -> Sockaddr.evaluate(args, Sockaddr::hostInterfaces));
    for (String name : UNSUPPORTED) {
      fns.put(name, args -> {
        throw new UnsupportedOperationException(name + " is a Consul/Nomad function, not supported by vaultlet");
      });
    }
  }

  /** Splits {@code "k=v"} arguments as consul-template does (empty skipped, trimmed, last duplicate wins). */
  private static Map<String, String> kvArgs(List<Object> args) {
    Map<String, String> data = new LinkedHashMap<>();
    for (int i = 1; i < args.size(); i++) {
      String s = Args.string(args, i);
      if (s.isEmpty()) {
        continue;
      }
      int eq = s.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("not k=v pair " + GoFormat.quote(s));
      }
      data.put(s.substring(0, eq).strip(), s.substring(eq + 1).strip());
    }
    return data;
  }

  private static Object secret(FunctionContext ctx, List<Object> args) {
    if (args.isEmpty()) {
      return null;
    }
    String path = Args.string(args, 0);
    Map<String, String> data = kvArgs(args);
    for (String v : data.values()) {
      Redactor.register(v);
    }
    if (args.size() > 1) {
      LocalKeyRequest.parse(path, data); // a local-key sign request with a bad argument fails here, at its line
    }
    Dependency d = args.size() == 1 ? Dependency.VaultRead.parse(path) : new Dependency.VaultWrite(path, data);
    return value(ctx.recall(d));
  }

  private static Object secrets(FunctionContext ctx, List<Object> args) {
    Args.count("secrets", args, 1);
    String path = Args.string(args, 0);
    if (path.isEmpty()) {
      return StringSlice.of(List.of());
    }
    Object v = value(ctx.recall(new Dependency.VaultList(path)));
    return v == null ? StringSlice.of(List.of()) : v;
  }

  private static Object pkiCert(FunctionContext ctx, List<Object> args) {
    if (args.isEmpty()) {
      return null;
    }
    String path = Args.string(args, 0);
    Map<String, String> data = kvArgs(args);
    // A local-key certificate is one dependency for every template that asks for it (certificate and key may be
    // written by two templates): its key is not tied to one destination. An issue keeps consul-template's key.
    boolean localKey = LocalKeyRequest.parse(path, data).isPresent();
    return value(ctx.recall(new Dependency.VaultPki(path, data, localKey ? "" : ctx.destination)));
  }

  private static Object file(FunctionContext ctx, List<Object> args) throws IOException {
    Args.count("file", args, 1);
    String s = Args.string(args, 0);
    if (s.isEmpty()) {
      return "";
    }
    String resolved = resolveSandboxed(ctx.sandboxPath, s.strip());
    Object v = value(ctx.recall(new Dependency.LocalFile(resolved)));
    return v == null ? "" : v;
  }

  /** consul-template's {@code resolveSandboxedPath}: symlink-resolved containment check, or a cleaned path. */
  static String resolveSandboxed(Path sandbox, String path) throws IOException {
    if (sandbox == null) {
      return Path.of(path).normalize().toString();
    }
    Path root;
    try {
      root = sandbox.normalize().toRealPath();
    } catch (IOException e) {
      throw new IOException("failed to resolve sandbox path: " + e.getMessage(), e);
    }
    Path target;
    try {
      target = Path.of(path).normalize().toRealPath();
    } catch (IOException e) {
      throw new IOException("failed to resolve target path: " + e.getMessage(), e);
    }
    if (!target.startsWith(root)) {
      throw new IOException("'" + path + "' is outside of sandbox");
    }
    return target.toString();
  }

  private static Object value(Optional<Object> recalled) {
    Object v = recalled.orElse(null);
    return v == Brain.NIL ? null : v;
  }

  private static Object timestamp(FunctionContext ctx, List<Object> args) {
    ZonedDateTime now = ZonedDateTime.now(ctx.clock).withZoneSameInstant(ZoneOffset.UTC);
    switch (args.size()) {
      case 0:
        return GoTime.format(now, GoTime.RFC3339);
      case 1:
        String layout = Args.string(args, 0);
        if (layout.equals("unix")) {
          return Long.toString(now.toEpochSecond());
        }
        return GoTime.format(now, layout);
      default:
        throw new IllegalArgumentException(
            "timestamp: wrong number of arguments, expected 0 or 1, but got " + args.size());
    }
  }

  private static Object plugin(List<Object> args) throws Exception {
    Args.atLeast("plugin", args, 1);
    String name = Args.string(args, 0);
    if (name.isEmpty()) {
      return "";
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(name);
    for (int i = 1; i < args.size(); i++) {
      String a = Args.string(args, i).strip();
      if (!a.isEmpty()) {
        cmd.add(a);
      }
    }
    Process p;
    try {
      p = new ProcessBuilder(cmd).start();
    } catch (IOException e) {
      throw new IOException("exec " + GoFormat.quote(name) + ": " + e.getMessage(), e);
    }
    p.getOutputStream().close();
    CompletableFuture<byte[]> out = drain(p.getInputStream());
    CompletableFuture<byte[]> err = drain(p.getErrorStream());
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("exec " + GoFormat.quote(name) + ": did not finish in 30s");
    }
    String stdout = new String(out.get(), StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IOException("exec " + GoFormat.quote(name) + ": exit status " + p.exitValue() + "\n\nstdout:\n\n"
          + stdout + "\n\nstderr:\n\n" + new String(err.get(), StandardCharsets.UTF_8));
    }
    return stdout.strip();
  }

  private static CompletableFuture<byte[]> drain(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try (in; ByteArrayOutputStream buf = new ByteArrayOutputStream()) {
        in.transferTo(buf);
        return buf.toByteArray();
      } catch (IOException e) {
        return new byte[0];
      }
    });
  }

  private static Object writeToFile(List<Object> args) throws IOException {
    if (args.size() < 5 || args.size() > 6) {
      throw new ArgumentException("wrong number of args for writeToFile: want 5 or 6 got " + args.size());
    }
    String path = Args.string(args, 0);
    String user = Args.string(args, 1);
    String group = Args.string(args, 2);
    String perms = Args.string(args, 3);
    String flags = args.size() == 6 ? Args.string(args, 4) : "";
    String content = Args.string(args, args.size() - 1);
    FileWriter.write(path, user, group, perms, flags, content);
    return "";
  }
}
