package io.vaultlet.render;

import java.time.Instant;
import java.util.Optional;

/**
 * One template as the status table shows it.
 *
 * @param destination the output file
 * @param publishGroup the {@code publish_group}, "" when none
 * @param state {@code waiting} (dependencies missing), {@code rendered}, {@code quiescing} (inside {@code wait}),
 *     {@code verifying} (a new render's checks run), {@code verify_failed} (the previous file is kept; the error says
 *     why and when the next try is) or {@code error}
 * @param lastRender when the file was last written (or found already up to date)
 * @param leaseExpiry the earliest expiry among the template's dependencies
 * @param nextAction the earliest next fetch or renewal among its dependencies, e.g. {@code renew}
 * @param nextActionAt when that is due
 * @param missing dependencies still without data
 * @param lastError the last render, write or command error, "" when none
 * @param commandFailures failed or timed-out reload commands so far
 * @param slot for {@code slots = "blue_green"}: the slot the destination links to ({@code blue}, {@code green}),
 *     else ""
 * @param failingSince when the template began failing (the run whose render, write or verification failed first since
 *     it last rendered); empty while it is not failing
 * @param renderErrors failed renders and writes so far
 * @param failing its render or write failed, or its new render failed verification (and is checked again): decided
 *     by the runner, read by the health checks
 */
public record TemplateStatus(String destination, String publishGroup, String state, Optional<Instant> lastRender,
    Optional<Instant> leaseExpiry, String nextAction, Optional<Instant> nextActionAt, int missing, String lastError,
    long commandFailures, String slot, Optional<Instant> failingSince, long renderErrors, boolean failing) {

  /**
   * A row built outside the runner (tools, tests): failing when it has a failing-since time, as the runner stamps it
   * after every run.
   */
  public TemplateStatus(String destination, String publishGroup, String state, Optional<Instant> lastRender,
      Optional<Instant> leaseExpiry, String nextAction, Optional<Instant> nextActionAt, int missing, String lastError,
      long commandFailures, String slot, Optional<Instant> failingSince, long renderErrors) {
    this(destination, publishGroup, state, lastRender, leaseExpiry, nextAction, nextActionAt, missing, lastError,
        commandFailures, slot, failingSince, renderErrors, failingSince.isPresent());
  }

  /** A row without a slot and without failure history. */
  public TemplateStatus(String destination, String publishGroup, String state, Optional<Instant> lastRender,
      Optional<Instant> leaseExpiry, String nextAction, Optional<Instant> nextActionAt, int missing, String lastError,
      long commandFailures) {
    this(destination, publishGroup, state, lastRender, leaseExpiry, nextAction, nextActionAt, missing, lastError,
        commandFailures, "");
  }

  /** A row without failure history (no failing-since time, no render errors counted). */
  public TemplateStatus(String destination, String publishGroup, String state, Optional<Instant> lastRender,
      Optional<Instant> leaseExpiry, String nextAction, Optional<Instant> nextActionAt, int missing, String lastError,
      long commandFailures, String slot) {
    this(destination, publishGroup, state, lastRender, leaseExpiry, nextAction, nextActionAt, missing, lastError,
        commandFailures, slot, Optional.empty(), 0);
  }
}
