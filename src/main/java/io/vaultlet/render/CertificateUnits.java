package io.vaultlet.render;

import io.vaultlet.support.Log;
import io.vaultlet.template.Dependency;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Warns when one certificate is written by templates in different publish units: a certificate and its key rendered
 * into two files should change together, which only a shared {@code publish_group} guarantees (without it both are
 * still written in the same run, one after the other, but a failed write or a {@code wait} on one of them can leave a
 * certificate next to the previous key until the next run). Warns once per certificate. Called under the runner's
 * monitor.
 */
final class CertificateUnits {

  private static final Log LOG = Log.named("render.runner");

  private final Set<String> warned = new HashSet<>();

  void check(List<TemplateState> states) {
    Map<String, Set<String>> units = new TreeMap<>();
    Map<String, Set<String>> destinations = new TreeMap<>();
    for (TemplateState s : states) {
      for (Dependency d : s.used) {
        if (Dependency.issuesCertificate(d)) {
          units.computeIfAbsent(d.key(), k -> new TreeSet<>()).add(s.group());
          destinations.computeIfAbsent(d.key(), k -> new TreeSet<>()).add(s.destination);
        }
      }
    }
    units.forEach((key, groups) -> {
      if (groups.size() > 1 && warned.add(key)) {
        LOG.warn("one certificate is written by templates that are not in one publish_group: its certificate and key "
            + "could be replaced apart; give these templates the same publish_group", "dependency", key,
            "destinations", String.join(",", destinations.get(key)));
      }
    });
  }
}
