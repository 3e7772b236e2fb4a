#!/bin/sh
# Extracts the cases of Go's own fmt tests (fmtTests, reorderTests, startests) whose values the template data
# model can express, as JSON lines on stdout. Values are converted to their data-model form (ints to int, slices to
# []interface{}), so expected outputs are always recomputed by ../main.go rather than copied from the table.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'module port\n\ngo 1.19\n' > "$tmp/go.mod"
# The test file needs small edits to build outside the fmt package (internal imports, export_test helpers).
sed -e 's#"internal/race"##' \
    -e 's/^package fmt_test/package port_test/' \
    -e 's/t.Error(f, one, two)/t.Error(one, two)/' \
    -e 's/case race.Enabled:/case false:/' \
    -e 's/IsSpace(i) != unicode.IsSpace(i)/false/' \
    -e 's/IsSpace(i), unicode.IsSpace(i)/i/' \
    -e 's/Parsenum(tt.s, tt.start, tt.end)/0, false, 0/' \
    "$(go env GOROOT)/src/fmt/fmt_test.go" > "$tmp/port_test.go"
cp "$here/dump_test.go.in" "$tmp/dump_test.go"
cd "$tmp" && PORTED_OUT="$tmp/ported.json" go test -vet=off -run TestDump . >/dev/null && cat "$tmp/ported.json"
