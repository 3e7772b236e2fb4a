#!/bin/sh
# Regenerates the sprig_* goldens: cases.py -> cases.json -> (Go text/template + Sprig) -> goldens.json.
# Needs python3, golang-go and Debian's golang-github-masterminds-sprig-dev and golang-github-davecgh-go-spew-dev.
# CI has no Go: the goldens are committed.
set -eu
cd "$(dirname "$0")"
res=../../resources/sprig
mkdir -p "$res"
python3 cases.py "$res/cases.json"
# Debian installs the /v3 modules without their major-version suffix: a GOPATH of links gives them their import paths.
src=${SPRIG_GOPATH:-/usr/share/gocode}/src
gopath=$(mktemp -d)
trap 'rm -rf "$gopath"' EXIT
mkdir -p "$gopath/src/github.com/Masterminds"
for d in "$src"/*; do [ "$(basename "$d")" = github.com ] || ln -s "$d" "$gopath/src/"; done
for d in "$src"/github.com/*; do [ "$(basename "$d")" = Masterminds ] || ln -s "$d" "$gopath/src/github.com/"; done
for d in "$src"/github.com/Masterminds/*; do
  mkdir -p "$gopath/src/github.com/Masterminds/$(basename "$d")"
  ln -s "$d" "$gopath/src/github.com/Masterminds/$(basename "$d")/v3"
  for f in "$d"/*; do ln -s "$f" "$gopath/src/github.com/Masterminds/$(basename "$d")/"; done
done
GO111MODULE=off GOPATH=$gopath go run main.go "$res/cases.json" "$res/goldens.json"
