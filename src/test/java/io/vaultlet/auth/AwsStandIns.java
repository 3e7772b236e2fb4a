package io.vaultlet.auth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Local stand-ins for the EC2 instance metadata service (IMDSv2: a token PUT, then GETs carrying it) and the ECS
 * container credentials endpoint, on 127.0.0.1. No real AWS.
 */
final class AwsStandIns implements AutoCloseable {

  static final String IMDS_TOKEN = "imds-session-token-1";

  final HttpServer server;
  final List<String> requests = new CopyOnWriteArrayList<>();
  final Map<String, String> documents = new ConcurrentHashMap<>();
  volatile String role = "ci-role";
  volatile String accessKeyId = "ASIAIMDSEXAMPLE";
  volatile String secretKey = "imds/secret/key/EXAMPLEKEY";
  volatile String sessionToken = "imds-session-credential-token";

  AwsStandIns() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
    documents.put("/latest/dynamic/instance-identity/document",
        "{\"accountId\":\"123456789012\",\"instanceId\":\"i-0abc\",\"region\":\"us-east-1\"}");
    documents.put("/latest/dynamic/instance-identity/signature", "c2lnbmF0dXJl\nbGluZTI=");
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    requests.add(method + " " + path);
    ex.getRequestBody().readAllBytes();
    if (path.equals("/latest/api/token")) {
      if (!method.equals("PUT") || ex.getRequestHeaders().getFirst(Imds.TOKEN_TTL_HEADER) == null) {
        reply(ex, 400, "bad token request");
        return;
      }
      reply(ex, 200, IMDS_TOKEN);
      return;
    }
    if (path.equals("/ecs/credentials")) {
      reply(ex, 200, credentialsJson());
      return;
    }
    if (!IMDS_TOKEN.equals(ex.getRequestHeaders().getFirst(Imds.TOKEN_HEADER))) {
      reply(ex, 401, "");
      return;
    }
    if (path.equals("/latest/meta-data/iam/security-credentials/")
        || path.equals("/latest/meta-data/iam/security-credentials")) {
      reply(ex, 200, role);
    } else if (path.equals("/latest/meta-data/iam/security-credentials/" + role)) {
      reply(ex, 200, credentialsJson());
    } else if (documents.containsKey(path)) {
      reply(ex, 200, documents.get(path));
    } else {
      reply(ex, 404, "");
    }
  }

  private String credentialsJson() {
    return "{\"Code\":\"Success\",\"Type\":\"AWS-HMAC\",\"AccessKeyId\":\"" + accessKeyId
        + "\",\"SecretAccessKey\":\"" + secretKey + "\",\"Token\":\"" + sessionToken + "\",\"Expiration\":\""
        + Instant.now().plusSeconds(6 * 3600) + "\",\"LastUpdated\":\"" + Instant.now() + "\"}";
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
      ex.getResponseBody().write(b);
    }
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
