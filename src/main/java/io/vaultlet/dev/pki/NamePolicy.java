package io.vaultlet.dev.pki;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Vault's {@code validateNames}: is a DNS name or e-mail address allowed by a role? */
final class NamePolicy {

  private static final Pattern HOSTNAME = Pattern.compile(
      "^(\\*\\.)?([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]{0,61}[a-zA-Z0-9])(\\.([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]{0,61}[a-zA-Z0-9]))*\\.?$");

  private NamePolicy() {}

  /** The first name the role does not allow, or null when all are allowed. */
  static String firstDisallowed(PkiRole role, List<String> names) {
    for (String name : names) {
      if (!allowed(role, name)) {
        return name;
      }
    }
    return null;
  }

  static boolean allowed(PkiRole role, String rawName) {
    String name = rawName.toLowerCase(Locale.ROOT);
    String host = name.contains("@") ? name.substring(name.indexOf('@') + 1) : name;
    if (role.allowLocalhost() && (host.equals("localhost") || host.equals("localdomain") || host.endsWith(".localhost"))) {
      return true;
    }
    if (role.allowAnyName()) {
      return true;
    }
    if (role.enforceHostnames() && !HOSTNAME.matcher(host).matches()) {
      return false;
    }
    for (String d : role.allowedDomains()) {
      String domain = d.toLowerCase(Locale.ROOT);
      if (role.allowBareDomains() && host.equals(domain)) {
        return true;
      }
      if (role.allowSubdomains() && host.endsWith("." + domain) && host.length() > domain.length() + 1) {
        return true;
      }
      if (role.allowGlobDomains() && domain.contains("*") && glob(domain, host)) {
        return true;
      }
    }
    return false;
  }

  private static boolean glob(String pattern, String value) {
    String regex = ("\\Q" + pattern + "\\E").replace("*", "\\E.*\\Q");
    return value.matches(regex);
  }

  static boolean isHostname(String name) {
    return HOSTNAME.matcher(name).matches();
  }
}
