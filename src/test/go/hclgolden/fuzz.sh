#!/bin/sh
# Differential fuzzing of vaultlet's HCL1 parser against the Go library (a development tool; CI does not run it).
# Writes random HCL and HCL1-JSON inputs to a temporary directory, lets the Go library decode them, then checks the
# Java parser agrees on every one: same value, same node positions, same error line and column.
#   usage: src/test/go/hclgolden/fuzz.sh [seed] [count]
set -eu
seed=${1:-1}
count=${2:-1000}
root=$(cd "$(dirname "$0")/../../../.." && pwd)
here="$root/src/test/go/hclgolden"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
python3 "$here/fuzz/gen_hcl.py" "$seed" "$count"
python3 "$here/fuzz/gen_json.py" "$seed" "$count"
mv jfixtures/* fixtures/
(cd "$here" && GO111MODULE=off GOPATH=${HCL_GOPATH:-/usr/share/gocode} go run main.go "$work/fixtures" "$work/golden")
cd "$root"
mvn -B -q -o test-compile
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null
java -cp "target/classes:target/test-classes:$(cat "$work/cp.txt")" io.vaultlet.config.hcl.HclFuzzCompare \
  "$work/fixtures" "$work/golden"
