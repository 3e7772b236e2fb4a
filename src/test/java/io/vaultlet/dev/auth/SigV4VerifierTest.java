package io.vaultlet.dev.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The verifier against AWS's published Signature Version 4 test suite (see sigv4/NOTICE). */
class SigV4VerifierTest {

  static final String KEY_ID = "AKIDEXAMPLE";
  static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  static final Instant SIGNED_AT = Instant.parse("2015-08-30T12:36:00Z");
  static final Function<String, Optional<String>> KEYS = id -> KEY_ID.equals(id) ? Optional.of(SECRET) : Optional.empty();

  @ParameterizedTest
  @ValueSource(strings = {"get-vanilla", "post-vanilla", "get-vanilla-query-order-key", "get-header-value-trim",
      "post-x-www-form-urlencoded", "post-sts-header-before"})
  void acceptsEveryPublishedVector(String name) throws Exception {
    SigV4Verifier.SignedRequest request = withAuthorization(load(name), resource(name + ".authz"));

    SigV4Verifier.Authorization auth = SigV4Verifier.verify(request, KEYS, SIGNED_AT);

    assertThat(auth.accessKeyId()).isEqualTo(KEY_ID);
    assertThat(auth.scope()).isEqualTo("20150830/us-east-1/service/aws4_request");
  }

  @Test
  void buildsThePublishedCanonicalRequestAndStringToSign() throws Exception {
    String name = "post-x-www-form-urlencoded";
    SigV4Verifier.SignedRequest request = load(name);
    SigV4Verifier.Authorization auth = SigV4Verifier.parseAuthorization(resource(name + ".authz"));

    String creq = SigV4Verifier.canonicalRequest(request, auth.signedHeaders());

    assertThat(creq).isEqualTo(resource(name + ".creq"));
    assertThat(SigV4Verifier.stringToSign(auth, "20150830T123600Z", creq)).isEqualTo(resource(name + ".sts"));
  }

  @Test
  void rejectsATamperedBody() throws Exception {
    SigV4Verifier.SignedRequest good = withAuthorization(load("post-x-www-form-urlencoded"),
        resource("post-x-www-form-urlencoded.authz"));
    SigV4Verifier.SignedRequest tampered = new SigV4Verifier.SignedRequest(good.method(), good.url(), good.headers(),
        "Param1=value2".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> SigV4Verifier.verify(tampered, KEYS, SIGNED_AT))
        .isInstanceOfSatisfying(SigV4Verifier.Rejected.class, r -> assertThat(r.code).isEqualTo("SignatureDoesNotMatch"))
        .hasMessageStartingWith("The request signature we calculated does not match");
  }

  @Test
  void rejectsTheWrongSecretAndUnknownKeys() throws Exception {
    SigV4Verifier.SignedRequest request = withAuthorization(load("get-vanilla"), resource("get-vanilla.authz"));

    assertThatThrownBy(() -> SigV4Verifier.verify(request, id -> Optional.of("not-the-secret"), SIGNED_AT))
        .hasMessageStartingWith("The request signature we calculated does not match");
    assertThatThrownBy(() -> SigV4Verifier.verify(request, id -> Optional.empty(), SIGNED_AT))
        .isInstanceOfSatisfying(SigV4Verifier.Rejected.class, r -> assertThat(r.code).isEqualTo("InvalidClientTokenId"));
  }

  @Test
  void acceptsFifteenMinutesOfSkewAndNoMore() throws Exception {
    SigV4Verifier.SignedRequest request = withAuthorization(load("get-vanilla"), resource("get-vanilla.authz"));

    SigV4Verifier.verify(request, KEYS, SIGNED_AT.plus(Duration.ofMinutes(15)));
    SigV4Verifier.verify(request, KEYS, SIGNED_AT.minus(Duration.ofMinutes(15)));
    assertThatThrownBy(() -> SigV4Verifier.verify(request, KEYS, SIGNED_AT.plus(Duration.ofMinutes(15).plusSeconds(1))))
        .hasMessage("Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T125101Z - 15 min.)");
  }

  // ---- the test suite's .req format: request line, Name:value headers, blank line, body ----

  static SigV4Verifier.SignedRequest load(String name) throws IOException {
    String text = resource(name + ".req");
    int blank = text.indexOf("\n\n");
    String head = blank < 0 ? text : text.substring(0, blank);
    String body = blank < 0 ? "" : text.substring(blank + 2);
    List<String> lines = head.lines().toList();
    String[] requestLine = lines.get(0).split(" ");
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      int colon = line.indexOf(':');
      headers.computeIfAbsent(line.substring(0, colon), k -> new ArrayList<>()).add(line.substring(colon + 1));
    }
    String host = headers.get("Host").get(0);
    return new SigV4Verifier.SignedRequest(requestLine[0], URI.create("https://" + host + requestLine[1]), headers,
        body.getBytes(StandardCharsets.UTF_8));
  }

  static SigV4Verifier.SignedRequest withAuthorization(SigV4Verifier.SignedRequest r, String authorization) {
    Map<String, List<String>> headers = new LinkedHashMap<>(r.headers());
    headers.put("Authorization", List.of(authorization));
    return new SigV4Verifier.SignedRequest(r.method(), r.url(), headers, r.body());
  }

  static String resource(String name) throws IOException {
    try (InputStream in = SigV4VerifierTest.class.getResourceAsStream("sigv4/" + name)) {
      if (in == null) {
        throw new IOException("missing test resource sigv4/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
