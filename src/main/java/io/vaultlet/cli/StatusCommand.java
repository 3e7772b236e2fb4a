package io.vaultlet.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vaultlet status}: asks a running agent for its status ({@code GET /agent/v1/status} on one of its plain-HTTP
 * or unix-socket listeners) and prints the live table the {@code vaultlet dev} demo prints ({@code table}), the
 * templates and leases in full ({@code wide}), or the JSON.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Print the status of a running agent (templates, leases) from one of its listeners.",
      "Exit status: 0 printed, 1 the agent could not be reached or answered with an error."
    })
public final class StatusCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = {"-address", "--address"}, paramLabel = "<url>",
      description = "The agent's listener, e.g. http://127.0.0.1:8100 (default; VAULTLET_AGENT_ADDR).")
  String address;

  @Option(names = {"-socket", "--socket"}, paramLabel = "<path>",
      description = "The agent's unix-socket listener instead of -address.")
  String socket;

  @Option(names = {"-format", "--format"}, paramLabel = "table|wide|json", defaultValue = "table",
      description = "table (default: the demo's live table), wide (templates and leases in full) or json.")
  String format;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!format.equals("table") && !format.equals("wide") && !format.equals("json")) {
      err.println("-format must be table, wide or json");
      return 2;
    }
    String target = "/agent/v1/status?format=" + format;
    String request = "GET " + target + " HTTP/1.1\r\nHost: vaultlet\r\nX-Vault-Request: true\r\n"
        + "Connection: close\r\n\r\n";
    try {
      String answer = socket != null ? overUnix(socket, request) : overTcp(address(), request);
      int headerEnd = answer.indexOf("\r\n\r\n");
      String statusLine = answer.lines().findFirst().orElse("");
      String body = headerEnd < 0 ? "" : answer.substring(headerEnd + 4);
      if (!statusLine.contains(" 200 ")) {
        err.println("the agent answered " + statusLine.replaceFirst("^HTTP/1\\.[01] ", "") + ": " + body.strip());
        return 1;
      }
      out.print(body);
      out.flush();
      return 0;
    } catch (IOException e) {
      err.println("cannot reach the agent at " + (socket != null ? socket : address()) + ": " + e.getMessage());
      return 1;
    }
  }

  private String address() {
    if (address != null) {
      return address;
    }
    String env = System.getenv("VAULTLET_AGENT_ADDR");
    return env == null || env.isBlank() ? "http://127.0.0.1:8100" : env.trim();
  }

  private static String overTcp(String address, String request) throws IOException {
    URI u = URI.create(address);
    if (!"http".equals(u.getScheme())) {
      throw new IOException("-address must be an http:// listener (use -socket for a unix socket)");
    }
    try (Socket s = new Socket(u.getHost(), u.getPort() < 0 ? 80 : u.getPort())) {
      s.setSoTimeout(30_000);
      return exchange(s.getInputStream(), s.getOutputStream(), request);
    }
  }

  private static String overUnix(String path, String request) throws IOException {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(path));
      return exchange(Channels.newInputStream(ch), Channels.newOutputStream(ch), request);
    }
  }

  private static String exchange(InputStream in, OutputStream out, String request) throws IOException {
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    return raw;
  }
}
