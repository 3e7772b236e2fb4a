#!/usr/bin/env bash
# Footprint bench: how long an agent with N templates and M leases takes from `exec` to its first rendered file and
# to all of them, and its steady RSS, against `vaultlet dev --no-agent --no-postgres` on loopback. Goals (issue 2):
# RSS <= 48 MiB with 100 templates and 200 leases; <= 0.5 s from start to the first render. See docs/performance.md.
#
# usage: bench/footprint.sh [templates=100] [leases=200]
#   RUNS=5     agent runs against the same dev server (each a fresh JVM and output dir); prints medians at the end
#   SETTLE=5   seconds after the last file before RSS, threads and CPU time (user + system, whole run) are read
#   NMT=1      adds -XX:NativeMemoryTracking=summary and saves `jcmd VM.native_memory summary` (needs KEEP=1 to read)
#   KEEP=1     keeps and prints the work dir (agent.hcl, agent-<run>.log, out-<run>/, nmt-<run>.txt)
#   AGENT_FLAGS="-log-level debug"  extra `vaultlet agent` flags
#   VAULTLET_JAVA_OPTS  replaces the launcher's JVM flags, as in the image; JAVA_OPTS is appended
#
# The agent runs through docker/vaultlet with VAULTLET_HOME=target, so it gets the image's JVM flags and, when
# target/vaultlet.jsa is there, its CDS archive: made with docker/cds-archive.sh, as in the image, when missing or older
# than the jar or made by another java (JAVA=/path/to/bin/java selects the java, as for the launcher).
# Template i reads secret/data/app<i> (KV v2, no lease) and the aws secrets engine's creds/r<j> for every j = i mod N:
# M distinct iam_user credentials, each a renewable lease the agent's lease watcher tracks.
# Times are measured from just before exec: started_ms to the agent's "vaultlet agent started" log line (JVM up, the
# configuration parsed and the templates built), first_file_ms and all_files_ms from the files' modification times,
# so polling costs the agent nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100}
M=${2:-200}
RUNS=${RUNS:-1}
SETTLE=${SETTLE:-5}
JAR=target/vaultlet.jar
[ -f "$JAR" ] || mvn -B -q -DskipTests package
. bench/cds-archive.sh
PORT=$((20000 + RANDOM % 20000))
ADDR="http://127.0.0.1:$PORT"
WORK=$(mktemp -d); [ -n "${KEEP:-}" ] && echo "work dir: $WORK"
cleanup() { kill "${AGENT_PID:-}" "${DEV_PID:-}" 2>/dev/null || true; wait 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$WORK"; }
trap cleanup EXIT

# nodelay: without it the JDK's HttpServer sends a response's body after a 40 ms delayed-ACK stall on every reused
# connection, which the agent (keep-alive) would pay 300 times; a real Vault (Go) sets TCP_NODELAY.
java -XX:+UseSerialGC -Dsun.net.httpserver.nodelay=true -jar "$JAR" dev --no-agent --no-postgres -dev-listen-address "127.0.0.1:$PORT" \
  -dev-root-token-id root >"$WORK/dev.log" 2>&1 &
DEV_PID=$!
for _ in $(seq 1 400); do curl -sf "$ADDR/v1/sys/health" >/dev/null 2>&1 && break; sleep 0.05; done

vault() { curl -sf -H "X-Vault-Token: root" -X "$1" "$ADDR/v1/$2" ${3:+-d "$3"} >/dev/null; }
for i in $(seq 1 "$N"); do
  vault POST "secret/data/app$i" "{\"data\":{\"user\":\"u$i\",\"password\":\"p$i\"}}"
done
vault POST sys/mounts/aws '{"type":"aws"}'
vault POST aws/config/root '{"access_key":"AKIAEXAMPLE","secret_key":"example","region":"us-east-1"}'
vault POST aws/config/lease '{"lease":"1h","lease_max":"24h"}'
for j in $(seq 1 "$M"); do
  vault POST "aws/roles/r$j" '{"credential_type":"iam_user","policy_arns":["arn:aws:iam::aws:policy/ReadOnlyAccess"]}'
done

printf 'root' >"$WORK/token"
{
  echo "vault { address = \"$ADDR\" }"
  echo "auto_auth { method \"token_file\" { config = { token_file_path = \"$WORK/token\" } } }"
  for i in $(seq 1 "$N"); do
    aws=""
    for j in $(seq "$i" "$N" "$M"); do
      aws="$aws{{ with secret \\\"aws/creds/r$j\\\" }}\\nr$j={{ .Data.access_key }}{{ end }}"
    done
    cat <<HCL
template {
  contents    = "{{ with secret \"secret/data/app$i\" }}user={{ .Data.data.user }} password={{ .Data.data.password }}{{ end }}$aws"
  destination = "\${OUT}/app$i.env"
}
HCL
  done
} >"$WORK/agent.hcl.in"

ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%d", (b - a) * 1000 }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
spread() { sort -n | awk 'NR == 1 { lo = $1 } { hi = $1 } END { print lo "-" hi }'; }
: >"$WORK/results"
for run in $(seq 1 "$RUNS"); do
  OUT="$WORK/out-$run"
  mkdir -p "$OUT"
  sed "s|\${OUT}|$OUT|" "$WORK/agent.hcl.in" >"$WORK/agent-$run.hcl"
  extra=""
  [ -n "${NMT:-}" ] && extra="-XX:NativeMemoryTracking=summary"
  start=$(date +%s.%N)
  VAULTLET_HOME=target JAVA_OPTS="${JAVA_OPTS:-} $extra" docker/vaultlet agent ${AGENT_FLAGS:-} -config "$WORK/agent-$run.hcl" \
    >"$WORK/agent-$run.log" 2>&1 &
  AGENT_PID=$!
  for _ in $(seq 1 600); do
    [ "$(find "$OUT" -name '*.env' | wc -l)" -ge "$N" ] && break
    kill -0 "$AGENT_PID" 2>/dev/null || break
    sleep 0.05
  done
  count=$(find "$OUT" -name '*.env' | wc -l)
  if [ "$count" -lt "$N" ]; then
    echo "run $run: only $count of $N files within 30 s; agent log tail:"
    tail -5 "$WORK/agent-$run.log"
    exit 1
  fi
  first=$(find "$OUT" -name '*.env' -printf '%T@\n' | sort -n | head -1)
  last=$(find "$OUT" -name '*.env' -printf '%T@\n' | sort -n | tail -1)
  leases=$(cat "$OUT"/*.env | { grep -o 'r[0-9]*=AKIA[A-Z0-9]*' || true; } | sort -u | wc -l)
  sleep "$SETTLE"
  rss_kb=$(awk '/^VmRSS/ { print $2 }' "/proc/$AGENT_PID/status")
  hwm_kb=$(awk '/^VmHWM/ { print $2 }' "/proc/$AGENT_PID/status")
  threads=$(awk '/^Threads/ { print $2 }' "/proc/$AGENT_PID/status")
  cpu_ms=$(awk -v hz="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / hz) }' "/proc/$AGENT_PID/stat")
  [ -n "${NMT:-}" ] && jcmd "$AGENT_PID" VM.native_memory summary >"$WORK/nmt-$run.txt" 2>&1
  started=$(date -d "$(grep -m1 -o '^[0-9T:.-]*Z.*vaultlet agent started' "$WORK/agent-$run.log" | cut -d' ' -f1)" +%s.%N)
  line="started_ms=$(ms "$start" "$started") first_file_ms=$(ms "$start" "$first") all_files_ms=$(ms "$start" "$last") steady_rss_mib=$((rss_kb / 1024))"
  line="$line peak_rss_mib=$((hwm_kb / 1024)) threads=$threads cpu_ms=$cpu_ms templates=$N leases=$leases"
  echo "run $run: $line"
  echo "$line" >>"$WORK/results"
  kill "$AGENT_PID"; wait "$AGENT_PID" 2>/dev/null || true
  AGENT_PID=""
  [ "$leases" -eq "$M" ] || { echo "expected $M distinct leased credentials in the files, found $leases"; exit 1; }
done
if [ "$RUNS" -gt 1 ]; then
  printf 'median of %d:' "$RUNS"
  for k in started_ms first_file_ms all_files_ms steady_rss_mib peak_rss_mib threads cpu_ms; do
    vals=$(grep -o "$k=[0-9]*" "$WORK/results" | cut -d= -f2)
    printf ' %s=%s (%s)' "$k" "$(echo "$vals" | median)" "$(echo "$vals" | spread)"
  done
  echo
fi
