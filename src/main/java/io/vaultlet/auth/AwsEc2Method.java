package io.vaultlet.auth;

import io.vaultlet.support.Redactor;
import io.vaultlet.vault.VaultClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code aws} with {@code type = "ec2"}: the instance identity document (base64) and its signature from IMDSv2, a
 * nonce (configured, or a random UUID kept in memory for the life of the process and reused at every login), the role.
 */
public final class AwsEc2Method implements AuthMethod {

  private final String mountPath;
  private final String role;
  private final String nonce;
  private final Imds imds;

  AwsEc2Method(String mountPath, String role, String nonce, Imds imds) {
    this.mountPath = mountPath;
    this.role = role;
    this.nonce = nonce;
    this.imds = imds;
    Redactor.register(nonce);
  }

  @Override
  public String type() {
    return "aws";
  }

  @Override
  public LoginRequest loginRequest(VaultClient client) {
    try {
      String token = imds.token();
      Redactor.register(token);
      String document = imds.get("/latest/dynamic/instance-identity/document", token);
      String signature = imds.get("/latest/dynamic/instance-identity/signature", token);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("identity", Base64.getEncoder().encodeToString(document.getBytes(StandardCharsets.UTF_8)));
      body.put("signature", signature);
      body.put("nonce", nonce);
      body.put("role", role);
      return LoginRequest.of(mountPath + "/login", body);
    } catch (IOException e) {
      throw new AuthException("aws ec2: cannot read the instance identity from IMDS: " + e.getMessage(), e);
    }
  }

  String nonce() {
    return nonce;
  }
}
