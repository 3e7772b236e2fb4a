#!/usr/bin/env bash
# Limits bench (docs/limits.md): the agent as the container runs it (docker/vaultlet, VAULTLET_HOME=target) against
# hostile input, with its peak RSS (VmHWM), its RSS after SETTLE seconds, and what it logged:
#   response  a Vault that answers secret/big with a 100 MB body (a python stub on loopback)
#   output    a template that writes 300 MB (range loop 3000000 of 100 characters)
#   devzero   a template reading file "/dev/zero"
#   key1m     a configuration with a 1 MB unknown key (time to reject, agent and config check)
#   deep      a configuration nested 20,000 deep (time to reject)
# usage: bench/limits.sh            (needs target/vaultlet.jar: mvn -B -q -DskipTests package)
#   SETTLE=10  seconds before the after-spike RSS is read
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/vaultlet.jar
[ -f "$JAR" ] || mvn -B -q -DskipTests package
SETTLE=${SETTLE:-10}
WORK=$(mktemp -d)
PORT=$((20000 + RANDOM % 20000))
cleanup() { kill "${AGENT_PID:-}" "${STUB_PID:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

cat >"$WORK/stub.py" <<'PY'
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def small(self, status, body):
        self.send_response(status); self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
    def do_GET(self):
        if self.path.startswith("/v1/sys/internal/ui/mounts"):
            return self.small(404, b"{}")
        if self.path.startswith("/v1/auth/token/lookup-self"):
            return self.small(200, b'{"data":{"accessor":"a","ttl":0,"renewable":false,"policies":["root"]}}')
        if not self.path.startswith("/v1/secret/big"):
            return self.small(404, b'{"errors":[]}')
        chunk = b"x" * 65536
        n = 1600  # 100 MiB of value
        head = b'{"data":{"v":"'
        tail = b'"},"lease_duration":0}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(head) + n * len(chunk) + len(tail)))
        self.end_headers()
        try:
            self.wfile.write(head)
            for _ in range(n):
                self.wfile.write(chunk)
            self.wfile.write(tail)
        except (BrokenPipeError, ConnectionResetError):
            pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY
python3 "$WORK/stub.py" "$PORT" & STUB_PID=$!
echo t0ken >"$WORK/token"
base() {
  cat <<HCL
vault { address = "http://127.0.0.1:$PORT" }
auto_auth { method "token_file" { config = { token_file_path = "$WORK/token" } } }
HCL
}
measure() { # name, config
  local name=$1 cfg=$2
  VAULTLET_HOME=target docker/vaultlet agent -config "$cfg" >"$WORK/$name.log" 2>&1 & AGENT_PID=$!
  local hwm=0
  for _ in $(seq 1 $((SETTLE * 10))); do
    sleep 0.1
    h=$(awk '/VmHWM/ {print $2}' "/proc/$AGENT_PID/status" 2>/dev/null || echo 0)
    [ "${h:-0}" -gt "$hwm" ] && hwm=$h
  done
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$AGENT_PID/status" 2>/dev/null || echo 0)
  kill "$AGENT_PID"; wait "$AGENT_PID" 2>/dev/null || true; AGENT_PID=
  printf '%-10s peak_rss=%6d KiB  rss_after_%ss=%6d KiB  %s\n' "$name" "$hwm" "$SETTLE" "$rss" \
    "$(grep -m1 -o 'error=.*' "$WORK/$name.log" | cut -c1-150)"
}
{ base; echo "template { contents = \"{{ with secret \\\"secret/big\\\" }}{{ len .Data.v }}{{ end }}\" destination = \"$WORK/r.txt\" }"; } >"$WORK/response.hcl"
measure response "$WORK/response.hcl"
{ base; echo "template { contents = \"{{ range loop 3000000 }}$(printf 'x%.0s' $(seq 1 100)){{ end }}\" destination = \"$WORK/o.txt\" }"; } >"$WORK/output.hcl"
measure output "$WORK/output.hcl"
{ base; echo "template { contents = \"{{ file \\\"/dev/zero\\\" }}\" destination = \"$WORK/z.txt\" }"; } >"$WORK/devzero.hcl"
measure devzero "$WORK/devzero.hcl"

{ base; python3 -c "print('template { contents = \"x\"\n destination = \"/tmp/x\"\n' + 'a'*1000000 + ' = 1 }')"; } >"$WORK/key1m.hcl"
python3 -c "n=20000; print('vault { address = \"http://127.0.0.1:$PORT\" }'); print('x = ' + '['*n + ']'*n)" >"$WORK/deep.hcl"
for cfg in key1m deep; do
  for cmd in agent "config check"; do
    start=$(date +%s%N)
    out=$(VAULTLET_HOME=target docker/vaultlet $cmd -config "$WORK/$cfg.hcl" 2>&1 || true)
    end=$(date +%s%N)
    printf '%-10s %-13s %5d ms  %s\n' "$cfg" "$cmd" $(((end - start) / 1000000)) "$(echo "$out" | tail -1 | cut -c1-120)"
  done
done
