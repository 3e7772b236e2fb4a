#!/usr/bin/env bash
# The 10k-lease run (issue 13, "nothing else regressed"): the agent as the container runs it (docker/vaultlet with
# VAULTLET_HOME=target: the image's JVM flags and CDS archive) against `vaultlet dev --no-agent --no-postgres` on
# loopback, holding LEASES renewable leases of TTL seconds each (the emulator's aws engine, iam_user roles, one lease
# per role) spread over TEMPLATES templates, for RUNTIME seconds. See docs/performance.md, "The 10k-lease run".
#
# usage: bench/leases.sh
#   LEASES=10000 TEMPLATES=100 TTL=30s RUNTIME=180   lease count, templates (LEASES/TEMPLATES `secret` calls each), the
#                                                    leases' TTL, and seconds the agent runs (from its start)
#   WARMUP=30   seconds after the last file is written before the steady window opens (start-up excluded)
#   KEEP=1      keeps and prints the work dir (agent.hcl, agent.log, dev.log, samples, out/)
#   HISTO=1     saves `jcmd GC.class_histogram` of the agent after the window (work dir, with KEEP=1)
#   JFR=1       records a JFR profile of the agent (profile settings, -XX:+DebugNonSafepoints) into the work dir
#   AGENT_FLAGS, VAULTLET_JAVA_OPTS, JAVA_OPTS, JAVA   as for bench/footprint.sh
#
# From the emulator (GET /_dev/leases, /_dev/stats): renewals, renewals refused because the lease had expired, leases
# its reaper revoked, the worst margin (expiry - renewal time) and the fraction of the TTL elapsed at renewal (min /
# p50 / p99 / max). From the agent's /proc: CPU (utime + stime) over the steady window / renewals in it, RSS (steady:
# median of 5 s samples in the window; peak: VmHWM), threads. Exits 1 when a lease ran out (late renewal, refused
# renewal or reaped lease) or the agent died, 2 when the set-up failed.
set -euo pipefail
cd "$(dirname "$0")/.."
LEASES=${LEASES:-10000}
TEMPLATES=${TEMPLATES:-100}
TTL=${TTL:-30s}
RUNTIME=${RUNTIME:-180}
WARMUP=${WARMUP:-30}
GOAL_US=200
JAR=target/vaultlet.jar
[ -f "$JAR" ] || mvn -B -q -DskipTests -Pimage package
. bench/cds-archive.sh
PORT=$((20000 + RANDOM % 20000))
ADDR="http://127.0.0.1:$PORT"
WORK=$(mktemp -d); [ -n "${KEEP:-}" ] && echo "work dir: $WORK"
cleanup() { kill "${AGENT_PID:-}" "${DEV_PID:-}" 2>/dev/null || true; wait 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$WORK"; }
trap cleanup EXIT
fail() { echo "leases.sh: $*" >&2; exit 2; }

# nodelay: see bench/footprint.sh (a real Vault, in Go, sets TCP_NODELAY). The emulator gets its own heap for 10k
# leases and IAM users; it is not what is measured.
java -XX:+UseSerialGC -Xmx512m -Dsun.net.httpserver.nodelay=true -jar "$JAR" dev --no-agent --no-postgres \
  -dev-listen-address "127.0.0.1:$PORT" -dev-root-token-id root >"$WORK/dev.log" 2>&1 &
DEV_PID=$!
for _ in $(seq 1 400); do curl -sf "$ADDR/v1/sys/health" >/dev/null 2>&1 && break; sleep 0.05; done
curl -sf "$ADDR/_dev/leases" >/dev/null || fail "the emulator has no /_dev/leases (rebuild: mvn -Pimage package)"

vault() { curl -sf -H "X-Vault-Token: root" -X "$1" "$ADDR/v1/$2" ${3:+-d "$3"} >/dev/null; }
vault POST sys/mounts/aws '{"type":"aws"}' || fail "mount aws"
vault POST aws/config/root '{"access_key":"AKIAEXAMPLE","secret_key":"example","region":"us-east-1"}' || fail "aws root"
vault POST aws/config/lease "{\"lease\":\"$TTL\",\"lease_max\":\"24h\"}" || fail "aws lease"
# the roles through one curl (one connection), not LEASES processes
{
  echo 'header = "X-Vault-Token: root"'
  echo 'request = "POST"'
  echo 'data = "{\"credential_type\":\"iam_user\",\"policy_arns\":[\"arn:aws:iam::aws:policy/ReadOnlyAccess\"]}"'
  echo 'silent'; echo 'fail'
  for j in $(seq 1 "$LEASES"); do echo "url = \"$ADDR/v1/aws/roles/r$j\""; echo 'output = "/dev/null"'; done
} >"$WORK/roles.curl"
curl -K "$WORK/roles.curl" || fail "creating $LEASES aws roles"

printf 'root' >"$WORK/token"
OUT="$WORK/out"
mkdir -p "$OUT"
{
  echo "vault { address = \"$ADDR\" }"
  echo "auto_auth { method \"token_file\" { config = { token_file_path = \"$WORK/token\" } } }"
  for i in $(seq 1 "$TEMPLATES"); do
    body=""
    for j in $(seq "$i" "$TEMPLATES" "$LEASES"); do
      body="$body{{ with secret \\\"aws/creds/r$j\\\" }}r$j={{ .Data.access_key }}\\n{{ end }}"
    done
    printf 'template {\n  contents    = "%s"\n  destination = "%s/t%d.env"\n}\n' "$body" "$OUT" "$i"
  done
} >"$WORK/agent.hcl"

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$AGENT_PID/stat"; }
status() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$AGENT_PID/status"; }
dev_leases() { curl -sf "$ADDR/_dev/leases"; }
HZ=$(getconf CLK_TCK)

start=$(date +%s.%N)
VAULTLET_HOME=target JAVA_OPTS="${JAVA_OPTS:-} ${JFR:+-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints \
-XX:StartFlightRecording=settings=profile,filename=$WORK/agent.jfr,dumponexit=true}" \
  docker/vaultlet agent ${AGENT_FLAGS:-} -config "$WORK/agent.hcl" >"$WORK/agent.log" 2>&1 &
AGENT_PID=$!
elapsed() { awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%d", b - a }'; }
while [ "$(find "$OUT" -name '*.env' | wc -l)" -lt "$TEMPLATES" ]; do
  kill -0 "$AGENT_PID" 2>/dev/null || { tail -5 "$WORK/agent.log"; fail "the agent exited before its files"; }
  [ "$(elapsed)" -lt "$RUNTIME" ] || { tail -5 "$WORK/agent.log"; fail "not all $TEMPLATES files within ${RUNTIME} s"; }
  sleep 0.2
done
all_files_s=$(elapsed)
all_files_ms=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%d", (b - a) * 1000 }')
written=$(cat "$OUT"/*.env | grep -c '=AKIA' || true)
[ "$written" -eq "$LEASES" ] || fail "expected $LEASES credentials in the files, found $written"
echo "all $TEMPLATES files ($LEASES leased credentials) after ${all_files_ms} ms; steady window from $((all_files_s + WARMUP)) s to ${RUNTIME} s"
[ $((all_files_s + WARMUP + 30)) -le "$RUNTIME" ] || fail "RUNTIME=$RUNTIME leaves under 30 s of steady window"
while [ "$(elapsed)" -lt $((all_files_s + WARMUP)) ]; do sleep 0.5; done

t0=$(date +%s.%N); c0=$(cpu_ticks); r0=$(dev_leases | jq .renewals)
: >"$WORK/samples"
while [ "$(elapsed)" -lt "$RUNTIME" ]; do
  kill -0 "$AGENT_PID" 2>/dev/null || { tail -5 "$WORK/agent.log"; echo "the agent died during the run"; exit 1; }
  echo "$(elapsed) $(status VmRSS) $(status Threads) $(cut -d' ' -f1 /proc/loadavg)" >>"$WORK/samples"
  sleep 5
done
t1=$(date +%s.%N); c1=$(cpu_ticks); view=$(dev_leases)
rss_peak_kb=$(status VmHWM); threads=$(status Threads)
stats=$(curl -sf "$ADDR/_dev/stats")
renew_requests=$(echo "$stats" | jq '[.requests | to_entries[] | select(.key | test("sys/(leases/)?renew")) | .value] | add // 0')
fetches=$(echo "$stats" | jq '[.requests | to_entries[] | select(.key | startswith("GET aws/creds/")) | .value] | add // 0')
[ -n "${KEEP:-}" ] && echo "$view" >"$WORK/dev-leases.json" && echo "$stats" >"$WORK/dev-stats.json"

r1=$(echo "$view" | jq .renewals)
window_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
renewals=$((r1 - r0))
cpu_ms=$(awk -v a="$c0" -v b="$c1" -v hz="$HZ" 'BEGIN { printf "%d", (b - a) * 1000 / hz }')
rss_steady_kb=$(awk '{ print $2 }' "$WORK/samples" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
load=$(awk '{ print $4 }' "$WORK/samples" | sort -n | awk 'NR == 1 { lo = $1 } { hi = $1 } END { print lo "-" hi }')
expired=$(echo "$view" | jq .expired_at_renewal); reaped=$(echo "$view" | jq .reaped)
margin_ms=$(echo "$view" | jq .min_margin_ms)
late=$((expired + reaped))
[ "$margin_ms" != null ] && [ "$margin_ms" -le 0 ] && late=$((late + 1))

echo
echo "vaultlet agent, $LEASES leases of $TTL over $TEMPLATES templates, ${RUNTIME} s: $(nproc) cores, 1-min load $load" \
  "during the window; $("$JAVA_CMD" -version 2>&1 | head -1)"
echo "emulator: live_leases=$(echo "$view" | jq .live) renewals=$r1 (renew requests $renew_requests) creds_fetches=$fetches" \
  "expired_at_renewal=$expired reaped=$reaped"
echo "renewal timing: worst_margin_ms=$margin_ms (lease $(echo "$view" | jq -r .min_margin_lease_id))" \
  "ttl_fraction_elapsed min=$(echo "$view" | jq .fraction_elapsed.min) p50=$(echo "$view" | jq .fraction_elapsed.p50)" \
  "p99=$(echo "$view" | jq .fraction_elapsed.p99) max=$(echo "$view" | jq .fraction_elapsed.max)"
echo "steady window ${window_s} s: renewals=$renewals agent_cpu_ms=$cpu_ms"
if [ "$renewals" -gt 0 ]; then
  awk -v c="$cpu_ms" -v n="$renewals" -v g="$GOAL_US" 'BEGIN {
    us = c * 1000 / n; printf "agent_cpu_per_renewal_us=%.0f goal=%d ratio=%.2f%s\n", us, g, us / g, (us <= g ? "" : "  over") }'
else
  echo "agent_cpu_per_renewal_us=n/a (no renewal in the window)"
fi
echo "agent: rss_steady_mib=$((rss_steady_kb / 1024)) rss_peak_mib=$((rss_peak_kb / 1024)) threads=$threads" \
  "all_files_ms=$all_files_ms"
[ -n "${HISTO:-}" ] && jcmd "$AGENT_PID" GC.class_histogram >"$WORK/histogram.txt" 2>&1
[ -n "${JFR:-}" ] && jcmd "$AGENT_PID" JFR.dump filename="$WORK/agent.jfr" >/dev/null 2>&1 && echo "jfr: $WORK/agent.jfr"
if [ "$late" -gt 0 ]; then
  echo "LATE: $expired renewals refused as expired, $reaped leases reaped, worst margin ${margin_ms} ms"
  exit 1
fi
[ "$renewals" -gt 0 ] || { echo "no renewal in the steady window"; exit 1; }
echo "every renewal on time"
