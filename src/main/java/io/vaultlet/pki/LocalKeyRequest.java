package io.vaultlet.pki;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * vaultlet's local-key certificates: {@code pkiCert "pki/sign/<role>" …} and {@code secret "pki/sign/<role>" …}
 * <b>without</b> a {@code csr} argument. vaultlet generates the private key, sends only a certificate request to
 * {@code sign/<role>}, and hands the template the certificate with its key, as an issue would. With a {@code csr}
 * argument the call is a plain Vault write, as in Vault Agent.
 *
 * <p>Arguments vaultlet reads itself and never sends to Vault: {@code key_type} ({@code rsa}, {@code ec}),
 * {@code key_bits}, {@code key_reuse} (Go booleans), {@code private_key_format} ({@code der}, {@code pkcs8}). The
 * names ({@code common_name}, {@code alt_names}, {@code ip_sans}, {@code uri_sans}) go into the request <i>and</i> are
 * sent as given, together with every other argument ({@code ttl}, {@code exclude_cn_from_sans}, …), so the role's
 * {@code use_csr_common_name} / {@code use_csr_sans} may be either way.
 *
 * @param path the sign path ({@code pki/sign/web}, {@code pki/issuer/x/sign/web})
 * @param mount the PKI mount ({@code pki})
 * @param role the role name
 * @param key the key asked for by {@code key_type}/{@code key_bits}; empty: from the role, else {@link KeySpec#DEFAULT}
 * @param keyReuse {@code key_reuse}: sign the next certificate for the key already at the destination
 * @param pkcs8 {@code private_key_format=pkcs8}
 * @param names what the certificate request asks for
 * @param vaultData the arguments sent to Vault (sorted), without the local ones; the {@code csr} is added per request
 */
public record LocalKeyRequest(String path, String mount, String role, Optional<KeySpec> key, boolean keyReuse,
    boolean pkcs8, Csr.Names names, Map<String, String> vaultData) {

  /** The arguments vaultlet keeps to itself. */
  public static final Set<String> LOCAL_ARGUMENTS = Set.of("key_type", "key_bits", "key_reuse", "private_key_format");

  /** {@code <mount>/sign/<role>} or {@code <mount>/issuer/<ref>/sign/<role>}. */
  private static final Pattern SIGN = Pattern.compile("^(.+?)/(?:issuer/[^/]+/)?sign/([^/]+)$");

  public LocalKeyRequest {
    vaultData = java.util.Collections.unmodifiableMap(new TreeMap<>(vaultData));
  }

  /** True when a call with {@code path} and {@code data} makes vaultlet generate the key (a sign path, no csr). */
  public static boolean applies(String path, Map<String, String> data) {
    return SIGN.matcher(trim(path)).matches() && !data.containsKey("csr");
  }

  /**
   * The local-key request of a call, empty when the call is not one ({@link #applies} is false). Throws
   * {@link IllegalArgumentException} naming the argument when a local argument is invalid.
   */
  public static Optional<LocalKeyRequest> parse(String path, Map<String, String> data) {
    String p = trim(path);
    Matcher m = SIGN.matcher(p);
    if (!m.matches() || data.containsKey("csr")) {
      return Optional.empty();
    }
    String format = data.getOrDefault("format", "");
    if (!format.isEmpty() && !format.equals("pem")) {
      throw new IllegalArgumentException("format=" + format + " is not supported when vaultlet generates the key: "
          + "the certificate is returned as PEM");
    }
    String keyFormat = data.getOrDefault("private_key_format", "");
    if (!keyFormat.isEmpty() && !keyFormat.equals("der") && !keyFormat.equals("pkcs8")) {
      throw new IllegalArgumentException("private_key_format must be \"der\" or \"pkcs8\", got \"" + keyFormat + "\"");
    }
    Map<String, String> vault = new LinkedHashMap<>(data);
    LOCAL_ARGUMENTS.forEach(vault::remove);
    List<String> dns = new ArrayList<>();
    List<String> emails = new ArrayList<>();
    for (String alt : commaList(data.get("alt_names"))) {
      (alt.contains("@") ? emails : dns).add(alt);
    }
    Csr.Names names = new Csr.Names(data.getOrDefault("common_name", ""), dns, emails,
        commaList(data.get("ip_sans")), commaList(data.get("uri_sans")));
    return Optional.of(new LocalKeyRequest(p, m.group(1), m.group(2), keySpec(data),
        parseBool("key_reuse", data.get("key_reuse")), keyFormat.equals("pkcs8"), names, vault));
  }

  /** {@code <mount>/roles/<role>}: where the role's key type can be read. */
  public String rolePath() {
    return mount + "/roles/" + role;
  }

  /** The request body for Vault: the arguments sent, and the certificate request. */
  public Map<String, Object> body(String csrPem) {
    Map<String, Object> out = new LinkedHashMap<>(vaultData);
    out.put("csr", csrPem);
    return out;
  }

  private static Optional<KeySpec> keySpec(Map<String, String> data) {
    String type = data.get("key_type");
    String bits = data.get("key_bits");
    if (type == null || type.isEmpty()) {
      if (bits != null && !bits.isEmpty()) {
        throw new IllegalArgumentException("key_bits needs key_type (\"rsa\" or \"ec\")");
      }
      return Optional.empty();
    }
    int n = 0;
    if (bits != null && !bits.isEmpty()) {
      try {
        n = Integer.parseInt(bits.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("key_bits must be a number, got \"" + bits + "\"");
      }
    }
    return Optional.of(KeySpec.of(type, n));
  }

  /** Go's {@code strconv.ParseBool}; absent or empty is false. */
  private static boolean parseBool(String name, String v) {
    if (v == null || v.isEmpty()) {
      return false;
    }
    return switch (v) {
      case "1", "t", "T", "TRUE", "true", "True" -> true;
      case "0", "f", "F", "FALSE", "false", "False" -> false;
      default -> throw new IllegalArgumentException(name + " must be true or false, got \"" + v + "\"");
    };
  }

  /** Vault's comma-separated string lists: trimmed, empty entries dropped, duplicates dropped (first kept). */
  private static List<String> commaList(String v) {
    if (v == null || v.isBlank()) {
      return List.of();
    }
    Set<String> out = new LinkedHashSet<>();
    for (String s : v.split(",")) {
      if (!s.isBlank()) {
        out.add(s.strip());
      }
    }
    return List.copyOf(out);
  }

  private static String trim(String path) {
    String s = path == null ? "" : path.strip();
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == '/') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == '/') {
      end--;
    }
    return s.substring(start, end);
  }
}
