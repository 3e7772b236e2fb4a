#!/bin/sh
# Regenerates src/test/resources/hcl/golden/** from src/test/resources/hcl/fixtures/** with the real HCL1 library
# (Debian: golang-go + golang-github-hashicorp-hcl-dev). CI has no Go: the goldens are committed.
set -eu
root=$(cd "$(dirname "$0")/../../../.." && pwd)
here="$root/src/test/go/hclgolden"
rm -rf "$root/src/test/resources/hcl/golden"
cd "$here"
GO111MODULE=off GOPATH=${HCL_GOPATH:-/usr/share/gocode} \
  go run main.go "$root/src/test/resources/hcl/fixtures" "$root/src/test/resources/hcl/golden"
# OpenBao's agent fixtures are read from ../shared (not copied into the project); their goldens are committed.
shared=${SHARED_CORPUS:-$root/../shared/corpus/agent-config}
GO111MODULE=off GOPATH=${HCL_GOPATH:-/usr/share/gocode} \
  go run main.go "$shared" "$root/src/test/resources/hcl/golden/agent-config"
