#!/bin/sh
# Regenerates the template goldens: case lists -> cases.json -> (Go text/template) -> goldens.json.
set -e
cd "$(dirname "$0")"
python3 cases/build.py ../../resources/gotmpl/cases.json
go run . ../../resources/gotmpl/cases.json ../../resources/gotmpl/goldens.json
