#!/bin/sh
# Builds vaultlet's class-data sharing archive ($VAULTLET_HOME/vaultlet.jsa) from a training run: the agent renders
# a KV v2 secret and a leased aws credential from `vaultlet dev` on loopback and exits (exit_after_auth), with
# -XX:DumpLoadedClassList; then `java -Xshare:dump` archives those classes (JDK and application) into one static
# archive. The archive is only used by the same java and the same jar path, so run this with the launcher's java and
# VAULTLET_HOME (docker/vaultlet passes -XX:SharedArchiveFile when the file exists). See docs/performance.md.
set -eu
VAULTLET_HOME=${VAULTLET_HOME:-/opt/vaultlet}
JAVA=${JAVA:-java}
[ -x /opt/jre/bin/java ] && JAVA=/opt/jre/bin/java
JAR="$VAULTLET_HOME/vaultlet.jar"
command -v curl >/dev/null || { echo "cds-archive.sh: needs curl to seed the training server" >&2; exit 1; }
PORT=${CDS_TRAINING_PORT:-18299}
ADDR="http://127.0.0.1:$PORT"
WORK=$(mktemp -d)
"$JAVA" -XX:+UseSerialGC -Dsun.net.httpserver.nodelay=true -jar "$JAR" dev --no-agent --no-postgres \
  -dev-listen-address "127.0.0.1:$PORT" -dev-root-token-id root >"$WORK/dev.log" 2>&1 &
DEV=$!
trap 'kill $DEV 2>/dev/null || true; rm -rf "$WORK"' EXIT
vault() { curl -sf -H "X-Vault-Token: root" -X "$1" "$ADDR/v1/$2" ${3:+-d "$3"} >/dev/null; }
i=0
until curl -sf "$ADDR/v1/sys/health" >/dev/null 2>&1; do
  i=$((i + 1)); [ $i -lt 600 ] || { cat "$WORK/dev.log"; exit 1; }; sleep 0.1
done
vault POST secret/data/app '{"data":{"user":"u","password":"p"}}'
vault POST sys/mounts/aws '{"type":"aws"}'
vault POST aws/config/root '{"access_key":"AKIAEXAMPLE","secret_key":"example","region":"us-east-1"}'
vault POST aws/roles/app '{"credential_type":"iam_user"}'
printf root >"$WORK/token"
cat >"$WORK/agent.hcl" <<HCL
vault { address = "$ADDR" }
exit_after_auth = true
auto_auth { method "token_file" { config = { token_file_path = "$WORK/token" } } }
template {
  contents    = "{{ with secret \"secret/data/app\" }}{{ .Data.data.user }}:{{ .Data.data.password }}{{ end }}"
  destination = "$WORK/app.env"
}
template {
  contents    = "{{ with secret \"aws/creds/app\" }}{{ .Data.access_key }}{{ end }}"
  destination = "$WORK/aws.env"
}
HCL
"$JAVA" -XX:+UseSerialGC -XX:DumpLoadedClassList="$WORK/classes.lst" -jar "$JAR" agent -config "$WORK/agent.hcl" \
  >"$WORK/agent.log" 2>&1 || { cat "$WORK/agent.log"; exit 1; }
[ -s "$WORK/app.env" ] && [ -s "$WORK/aws.env" ] || { echo "training run rendered nothing"; cat "$WORK/agent.log"; exit 1; }
rm -f "$VAULTLET_HOME/vaultlet.jsa"
"$JAVA" -Xshare:dump -XX:SharedClassListFile="$WORK/classes.lst" -XX:SharedArchiveFile="$VAULTLET_HOME/vaultlet.jsa" \
  -cp "$JAR" -Xlog:cds=off -Xlog:cds+dynamic=off >"$WORK/dump.log" 2>&1 || { cat "$WORK/dump.log"; exit 1; }
echo "vaultlet.jsa: $(wc -l <"$WORK/classes.lst") classes listed, $(($(wc -c <"$VAULTLET_HOME/vaultlet.jsa") / 1048576)) MiB"
