#!/usr/bin/env bash
# Listener footprint: what `listener`, `api_proxy`, `cache` and `telemetry` cost a running agent. The same agent (two
# templates: a KV v2 secret and a leased aws credential, token_file auth) runs against `vaultlet dev --no-agent
# --no-postgres` on loopback twice per round: without any listener, then with a tcp listener, api_proxy
# (use_auto_auth_token), cache and telemetry (prometheus_retention_time) that serves, before it is measured, a
# proxied KV read, a proxied aws/creds read (cached, read twice), a metrics scrape, health and status. Per run:
#   classes      classes loaded (-Xlog:class+load), and how many of them came from a CDS archive ("shared")
#   rss_mib      /proc/<pid>/status VmRSS after SETTLE seconds; threads the same file's Threads
# See docs/performance.md, "The listener's cost".
#
# usage: bench/listener-footprint.sh          ROUNDS=3 SETTLE=5; VAULTLET_JAVA_OPTS / JAVA_OPTS as for docker/vaultlet
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
SETTLE=${SETTLE:-5}
JAR=target/vaultlet.jar
[ -f "$JAR" ] || mvn -B -q -DskipTests -Pimage package
. bench/cds-archive.sh
PORT=$((20000 + RANDOM % 20000))
LPORT=$((PORT + 1))
ADDR="http://127.0.0.1:$PORT"
WORK=$(mktemp -d)
cleanup() { kill "${AGENT_PID:-}" "${DEV_PID:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

java -XX:+UseSerialGC -Dsun.net.httpserver.nodelay=true -jar "$JAR" dev --no-agent --no-postgres \
  -dev-listen-address "127.0.0.1:$PORT" -dev-root-token-id root >"$WORK/dev.log" 2>&1 &
DEV_PID=$!
for _ in $(seq 1 400); do curl -sf "$ADDR/v1/sys/health" >/dev/null 2>&1 && break; sleep 0.05; done
vault() { curl -sf -H "X-Vault-Token: root" -X "$1" "$ADDR/v1/$2" ${3:+-d "$3"} >/dev/null; }
vault POST secret/data/app '{"data":{"user":"u","password":"p"}}'
vault POST sys/mounts/aws '{"type":"aws"}'
vault POST aws/config/root '{"access_key":"AKIAEXAMPLE","secret_key":"example","region":"us-east-1"}'
vault POST aws/config/lease '{"lease":"1h","lease_max":"24h"}'
vault POST aws/roles/app '{"credential_type":"iam_user"}'
vault POST aws/roles/client '{"credential_type":"iam_user"}'
printf root >"$WORK/token"

config() { # $1 = out dir, $2 = with listener (1) or not
  cat <<HCL
vault { address = "$ADDR" }
auto_auth { method "token_file" { config = { token_file_path = "$WORK/token" } } }
template {
  contents    = "{{ with secret \"secret/data/app\" }}{{ .Data.data.user }}{{ end }}"
  destination = "$1/app.env"
}
template {
  contents    = "{{ with secret \"aws/creds/app\" }}{{ .Data.access_key }}{{ end }}"
  destination = "$1/aws.env"
}
HCL
  if [ "$2" = 1 ]; then
    cat <<HCL
api_proxy { use_auto_auth_token = true }
cache {}
telemetry {
  prometheus_retention_time = "1h"
  disable_hostname          = true
}
listener "tcp" {
  address     = "127.0.0.1:$LPORT"
  tls_disable = true
}
HCL
  fi
}

run() { # $1 = label, $2 = with listener
  local out="$WORK/out-$1" log="$WORK/agent-$1.log" classes="$WORK/classes-$1.log"
  mkdir -p "$out"
  config "$out" "$2" >"$WORK/agent-$1.hcl"
  VAULTLET_HOME=target JAVA_OPTS="${JAVA_OPTS:-} -Xlog:class+load=info:file=$classes" \
    docker/vaultlet agent -config "$WORK/agent-$1.hcl" >"$log" 2>&1 &
  AGENT_PID=$!
  for _ in $(seq 1 600); do
    [ -s "$out/app.env" ] && [ -s "$out/aws.env" ] && break
    kill -0 "$AGENT_PID" 2>/dev/null || { tail -5 "$log"; exit 1; }
    sleep 0.05
  done
  if [ "$2" = 1 ]; then
    local l="http://127.0.0.1:$LPORT"
    curl -sf "$l/v1/secret/data/app" >/dev/null
    curl -sf "$l/v1/aws/creds/client" >/dev/null
    curl -sf "$l/v1/aws/creds/client" >/dev/null
    curl -sf "$l/agent/v1/metrics?format=prometheus" >/dev/null
    curl -sf "$l/agent/v1/health" >/dev/null
    curl -sf "$l/agent/v1/status" >/dev/null
  fi
  sleep "$SETTLE"
  local rss threads total shared
  rss=$(awk '/^VmRSS/ { print int($2 / 1024) }' "/proc/$AGENT_PID/status")
  threads=$(awk '/^Threads/ { print $2 }' "/proc/$AGENT_PID/status")
  cat /proc/"$AGENT_PID"/task/*/comm | sed 's/-[0-9]*$//' | sort | uniq -c >"$WORK/threads-$2"
  total=$(grep -c ' source: ' "$classes" || true)
  shared=$(grep -c 'source: shared objects file' "$classes" || true)
  kill "$AGENT_PID"; wait "$AGENT_PID" 2>/dev/null || true
  AGENT_PID=""
  echo "$1 classes=$total shared=$shared rss_mib=$rss threads=$threads"
  grep ' source: ' "$classes" | awk '{ print $2 }' | sed 's/0x[0-9a-f]*/…/g' | sort -u >"$WORK/names-$2"
  if [ "$2" = 1 ]; then
    grep ' source: ' "$classes" | grep -v 'shared objects file' | awk '{ print $2 }' \
      | grep -E '^io\.vaultlet\.(listener|proxy|cache|telemetry)' | sort >"$WORK/listener-classes-from-jar"
  fi
}

for r in $(seq 1 "$ROUNDS"); do
  run "without-$r" 0
  run "with-$r" 1
done
echo "listener classes loaded from the jar (not in the CDS archive): $(wc -l <"$WORK/listener-classes-from-jar")"
echo "classes only the agent with a listener loads, by package (lambdas and hidden classes by their host):"
echo "threads (name: count) without a listener, then with one:"
paste -sd' ' "$WORK/threads-0"; paste -sd' ' "$WORK/threads-1"
comm -13 "$WORK/names-0" "$WORK/names-1" | sed -E 's/\$\$Lambda.*//; s/\.[^.]*$//' | sort | uniq -c | sort -rn | head -15
