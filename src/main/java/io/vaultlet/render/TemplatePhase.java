package io.vaultlet.render;

/**
 * Where a template stands, as the runner tracks it; its {@link #label} is what the status, the table and the metrics
 * show ({@link TemplateStatus#state()}).
 */
enum TemplatePhase {
  /** Dependencies are still missing. */
  WAITING("waiting"),
  /** The destination holds its current render. */
  RENDERED("rendered"),
  /** A change waits inside {@code wait { min max }}. */
  QUIESCING("quiescing"),
  /** A new render is staged and its {@code verify} checks run. */
  VERIFYING("verifying"),
  /** A new render failed its checks: the previous file is kept and the checks are retried. */
  VERIFY_FAILED("verify_failed"),
  /** The last render or write failed; the previous file is kept. */
  ERROR("error");

  final String label;

  TemplatePhase(String label) {
    this.label = label;
  }

  /** Verifying, or failed verification: the new render is staged, not published. */
  boolean verification() {
    return this == VERIFYING || this == VERIFY_FAILED;
  }
}
