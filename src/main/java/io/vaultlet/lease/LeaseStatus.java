package io.vaultlet.lease;

import java.time.Instant;
import java.util.Optional;

/**
 * One watched dependency as the status table shows it. Carries no secret: the lease id is shortened
 * ({@link Lease#displayId()}) and errors are redacted.
 *
 * @param dependency the de-duplication key, e.g. {@code vault.read(database/creds/app)}
 * @param leaseId the shortened lease id, "" when there is none
 * @param kind how the value is refreshed, empty before the first fetch
 * @param expiry when the current value stops working, empty when it does not expire
 * @param nextAction {@code fetch}, {@code renew} or {@code none}
 * @param nextActionAt when the next action is due
 * @param lastFetch when the value was last fetched
 * @param failures consecutive failures
 * @param lastError the last failure, "" when the last attempt succeeded
 */
public record LeaseStatus(String dependency, String leaseId, Optional<Lease.Kind> kind, Optional<Instant> expiry,
    String nextAction, Optional<Instant> nextActionAt, Optional<Instant> lastFetch, int failures, String lastError) {}
