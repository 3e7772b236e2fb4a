package io.vaultlet.render;

import java.time.Instant;
import java.util.Optional;

/**
 * One template as the status table shows it.
 *
 * @param destination the output file
 * @param publishGroup the {@code publish_group}, "" when none
 * @param state {@code waiting} (dependencies missing), {@code rendered}, {@code quiescing} (inside {@code wait}) or
 *     {@code error}
 * @param lastRender when the file was last written (or found already up to date)
 * @param leaseExpiry the earliest expiry among the template's dependencies
 * @param nextAction the earliest next fetch or renewal among its dependencies, e.g. {@code renew}
 * @param nextActionAt when that is due
 * @param missing dependencies still without data
 * @param lastError the last render, write or command error, "" when none
 * @param commandFailures failed or timed-out reload commands so far
 * @param failingSince when the template began failing (the run whose render or write failed first since it last
 *     rendered); empty unless {@code state} is {@code error}
 * @param renderErrors failed renders and writes so far
 */
public record TemplateStatus(String destination, String publishGroup, String state, Optional<Instant> lastRender,
    Optional<Instant> leaseExpiry, String nextAction, Optional<Instant> nextActionAt, int missing, String lastError,
    long commandFailures, Optional<Instant> failingSince, long renderErrors) {

  /** A row without failure history (no failing-since time, no render errors counted). */
  public TemplateStatus(String destination, String publishGroup, String state, Optional<Instant> lastRender,
      Optional<Instant> leaseExpiry, String nextAction, Optional<Instant> nextActionAt, int missing,
      String lastError, long commandFailures) {
    this(destination, publishGroup, state, lastRender, leaseExpiry, nextAction, nextActionAt, missing, lastError,
        commandFailures, Optional.empty(), 0);
  }
}
