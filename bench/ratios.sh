#!/usr/bin/env bash
# One command for issue 13's goals: runs the footprint bench (1 template; 100 templates / 200 leases), the renewal
# cost bench (10k leases), with --render the template rendering bench against Go, and with --leases the 10k-lease run
# (the whole agent renewing 10k leases of 30 s for 3 minutes, bench/leases.sh), all with the image's launcher and JVM
# flags (docker/vaultlet), and prints each measure beside its goal with the ratio (≤ 1.00 meets it).
# See docs/performance.md, "Goals in one command".
#
#   bench/ratios.sh              footprint and renewal (~2 min)
#   bench/ratios.sh --render     also rendering vs Go's text/template (~6 min more; needs Go)
#   bench/ratios.sh --leases     also the 10k-lease run (~3.5 min more; fails when a lease ran out); both flags combine
#   RUNS=3                       agent runs per footprint scenario (medians)
#   JAVA=/path/to/bin/java       the java the launcher runs (as for docker/vaultlet); the image's JRE for image numbers
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
render=0
leases=0
for arg in "$@"; do
  case "$arg" in
    --render) render=1 ;;
    --leases) leases=1 ;;
    *) echo "usage: bench/ratios.sh [--render] [--leases]" >&2; exit 2 ;;
  esac
done
OUT=target/bench/ratios
mkdir -p "$OUT"
[ -f target/vaultlet.jar ] || mvn -B -q -DskipTests -Pimage package
[ -f target/bench/vaultlet-bench.jar ] || mvn -B -q -Pbench package
# docker/vaultlet's flags without the archive (the renewal bench runs its own JVM with the emulator inside)
SIDECAR_JVM=$(CDS=""; eval "$(sed -n '/^DEFAULT_OPTS=/,/\$CDS"$/p' docker/vaultlet)"; echo "$DEFAULT_OPTS")

field() { grep -o "$2=[0-9]*" "$1" | tail -1 | cut -d= -f2; }
summary() { # the medians line, or the one run's line
  if grep -q '^median' "$1"; then grep '^median' "$1"; else grep '^run 1:' "$1"; fi >"$1.summary"
  echo "$1.summary"
}

echo "footprint, 1 template ($RUNS runs) ..."
RUNS=$RUNS SETTLE=3 bench/footprint.sh 1 0 >"$OUT/footprint-1.txt" 2>&1 || { tail -20 "$OUT/footprint-1.txt"; exit 1; }
one=$(summary "$OUT/footprint-1.txt")
echo "footprint, 100 templates / 200 leases ($RUNS runs) ..."
RUNS=$RUNS SETTLE=3 bench/footprint.sh 100 200 >"$OUT/footprint-100.txt" 2>&1 \
  || { tail -20 "$OUT/footprint-100.txt"; exit 1; }
hundred=$(summary "$OUT/footprint-100.txt")
echo "renewal cost, 10k leases ..."
# shellcheck disable=SC2086
"${JAVA:-java}" $SIDECAR_JVM -Xmx128m -cp target/bench/vaultlet-bench.jar io.vaultlet.bench.RenewalCost 10000 3 \
  >"$OUT/renewal.txt" 2>"$OUT/renewal.log"
renew_us=$(field "$OUT/renewal.txt" renewal_cpu_us)

if [ "$leases" = 1 ]; then
  echo "the 10k-lease run (RUNTIME=${RUNTIME:-180} s) ..."
  bench/leases.sh >"$OUT/leases.txt" 2>&1 || { tail -20 "$OUT/leases.txt"; exit 1; }
fi

row() { # measure, value, unit, goal
  awk -v m="$1" -v v="$2" -v u="$3" -v g="$4" 'BEGIN {
    printf "%-50s %7s %-4s %6s %-4s %6.2f%s\n", m, v, u, g, u, v / g, (v / g <= 1 ? "" : "  over") }'
}
{
  echo
  echo "vaultlet against issue 13's goals: $(nproc) cores, 1-min load $(cut -d' ' -f1 /proc/loadavg);" \
    "$("${JAVA:-java}" -version 2>&1 | head -1); medians of $RUNS runs"
  printf "%-50s %12s %11s %6s\n" "measure" "vaultlet" "goal" "ratio"
  row "RSS, 1 template" "$(field "$one" steady_rss_mib)" MiB 48
  row "RSS, 100 templates / 200 leases" "$(field "$hundred" steady_rss_mib)" MiB 48
  row "start -> first file, 1 template" "$(field "$one" first_file_ms)" ms 300
  row "start -> first file, 100 templates / 200 leases" "$(field "$hundred" first_file_ms)" ms 500
  row "CPU per lease renewal, client side (10k leases)" "$renew_us" us 200
  if [ "$leases" = 1 ]; then
    row "CPU per lease renewal, whole agent (10k-lease run)" "$(field "$OUT/leases.txt" agent_cpu_per_renewal_us)" us 200
    echo "10k-lease run: $(grep -o 'expired_at_renewal=[0-9]* reaped=[0-9]*' "$OUT/leases.txt")," \
      "$(grep -o 'worst_margin_ms=[0-9-]*' "$OUT/leases.txt"), $(grep -o 'rss_steady_mib=[0-9]* rss_peak_mib=[0-9]*' \
      "$OUT/leases.txt"); $(tail -1 "$OUT/leases.txt")"
  fi
} | tee "$OUT/ratios.txt"

if [ "$render" = 1 ]; then
  echo "rendering against Go (sidecar JVM flags) ..."
  bench/templates.sh --sidecar-jvm --no-build >"$OUT/render.txt" 2>&1 || { tail -20 "$OUT/render.txt"; exit 1; }
  # the CPU-time table's Java/Go column: vaultlet's CPU per render over Go's
  awk '/^Process CPU time per render/ { on = 1; next } on && /^template/ { next }
       on && NF == 0 { on = 0 } on { printf "%-50s %24s %6.2f%s\n", "render CPU vs Go text/template, " $1, "1.00", $(NF - 1),
       ($(NF - 1) <= 1 ? "" : "  over") }' "$OUT/render.txt" | tee -a "$OUT/ratios.txt"
fi
echo "(kept in $OUT/)"
