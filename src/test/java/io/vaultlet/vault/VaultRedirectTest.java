package io.vaultlet.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vaultlet.vault.StubVault.Reply;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue #14: the token never follows a redirect to another server. Two real HTTP servers on the loopback: the
 * configured Vault, and another server a redirect points at. Redirects are followed only within the configured
 * address's scheme, host and port, or to {@code vault.redirect_addresses}; anything else is an error that says so,
 * and the other server sees no request at all.
 */
class VaultRedirectTest {

  static final String TOKEN = "hvs.CAESIJredirectTokenUnderTest0123";

  StubVault vault;
  StubVault other;

  @BeforeEach
  void start() throws IOException {
    vault = StubVault.http();
    other = StubVault.http();
    other.otherwise(s -> Reply.json(200, "{\"data\":{\"stolen\":true}}"));
  }

  @AfterEach
  void stop() {
    vault.close();
    other.close();
  }

  VaultClient client(VaultClient.Settings s) throws IOException {
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    return VaultClient.create(s, new RecordingSleeper(), () -> 0.5, clock).withToken(TOKEN);
  }

  @ParameterizedTest
  @ValueSource(ints = {301, 302, 303, 307, 308})
  void aRedirectToAnotherServerIsRefusedAndNothingIsSentThere(int status) throws IOException {
    vault.otherwise(s -> Reply.empty(status).with("Location", other.uri() + "/v1/secret/app"));
    VaultClient c = client(VaultClient.Settings.builder(vault.uri()).build());

    VaultException e = catchThrowableOfType(VaultException.class,
        () -> c.write("secret/app", Map.of("password", "p4ssw0rd-in-the-body")));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("refusing to follow a redirect to http://127.0.0.1:" + other.port())
        .contains("vault.redirect_addresses").doesNotContain(TOKEN);
    assertThat(other.requests()).as("the other server never sees the token or the body").isEmpty();
    assertThat(vault.requests()).as("not retried: another attempt would be redirected the same way").hasSize(1);
  }

  @Test
  void anotherPortOfTheSameHostAndAnotherNameForTheSameHostAreOtherServers() throws IOException {
    VaultClient c = client(VaultClient.Settings.builder(vault.uri()).build());

    vault.enqueue(Reply.empty(307).with("Location", "http://localhost:" + vault.port() + "/v1/secret/app"));
    assertThat(catchThrowableOfType(VaultException.class, () -> c.read("secret/app")).getMessage())
        .contains("refusing to follow a redirect to http://localhost:" + vault.port());

    vault.enqueue(Reply.empty(307).with("Location", "https://127.0.0.1:" + vault.port() + "/v1/secret/app"));
    assertThat(catchThrowableOfType(VaultException.class, () -> c.read("secret/app")).getMessage())
        .contains("refusing to follow a redirect to https://127.0.0.1:" + vault.port());

    assertThat(vault.requests()).hasSize(2);
    assertThat(other.requests()).isEmpty();
  }

  @Test
  void aRedirectOnTheConfiguredServerIsFollowedWithTheToken() throws IOException {
    vault.enqueue(Reply.empty(307).with("Location", "/v1/secret/moved?version=2"));
    vault.enqueue(Reply.empty(307).with("Location", vault.uri() + "/v1/secret/final"));
    vault.enqueue(200, "{\"data\":{\"ok\":true}}");
    VaultClient c = client(VaultClient.Settings.builder(vault.uri()).build());

    assertThat(c.read("secret/app")).isPresent();

    assertThat(vault.requests()).extracting(StubVault.Seen::path)
        .containsExactly("/v1/secret/app", "/v1/secret/moved", "/v1/secret/final");
    assertThat(vault.last().header("X-Vault-Token")).isEqualTo(TOKEN);
  }

  @Test
  void aRedirectToANamedAddressIsFollowed() throws IOException {
    vault.enqueue(Reply.empty(307).with("Location", other.uri() + "/v1/secret/app"));
    VaultClient c = client(VaultClient.Settings.builder(vault.uri())
        .redirectAddresses(List.of(URI.create(other.uri() + "/ignored/path"))).build());

    assertThat(c.read("secret/app").orElseThrow().data().path("stolen").asBoolean()).isTrue();

    assertThat(other.requests()).hasSize(1);
    assertThat(other.last().header("X-Vault-Token")).isEqualTo(TOKEN);
  }

  @Test
  void aNamedAddressMustBeAnHttpAddress() {
    assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> VaultClient.Settings
        .builder(vault.uri()).redirectAddresses(List.of(URI.create("vault-2:8200"))).build()))
        .hasMessageContaining("must be http:// or https://");
  }

  @Test
  void theApiProxyDoesNotFollowARedirectToAnotherServerWithTheAutoAuthToken() throws IOException {
    vault.otherwise(s -> Reply.empty(307).with("Location", other.uri() + "/v1/secret/app"));
    VaultForwarder proxy = VaultForwarder.create(VaultClient.Settings.builder(vault.uri()).build(), 0);
    VaultForwarder.Forward f = new VaultForwarder.Forward("GET", "/v1/secret/app", "",
        List.of(Map.entry("X-Vault-Token", TOKEN)), new byte[0]);

    VaultForwarder.Answer a = proxy.send(f, VaultForwarder.RetryPolicy.DEFAULT);
    a.body().close();

    assertThat(a.status()).as("the client gets the redirect as Vault sent it").isEqualTo(307);
    assertThat(other.requests()).isEmpty();

    VaultForwarder allowed = VaultForwarder.create(VaultClient.Settings.builder(vault.uri())
        .redirectAddresses(List.of(other.uri())).build(), 0);
    VaultForwarder.Answer followed = allowed.send(f, VaultForwarder.RetryPolicy.DEFAULT);
    followed.body().close();
    assertThat(followed.status()).isEqualTo(200);
    assertThat(other.last().header("X-Vault-Token")).isEqualTo(TOKEN);
  }
}
