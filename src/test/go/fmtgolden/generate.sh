#!/bin/sh
# Regenerates the fmt goldens from Go itself (needs Go 1.19+; CI only reads the outputs).
set -eu
# The inputs are ../../resources/gofmt/cases.json; to change them edit cases/cases.py, then
#   ./cases/port-fmttests.sh > /tmp/ported.json && python3 cases/cases.py /tmp/ported.json
cd "$(dirname "$0")"
res=../../resources/gofmt
go run . -cases "$res/cases.json" -out "$res/golden.json"
go run . -floats "$res/floats.tsv" -n 4000 -seed 20261127
go run . -isprint "$res/isprint.txt"
go version > "$res/GO_VERSION"
