#!/usr/bin/env bash
# Template rendering: vaultlet (JMH) against Go's text/template (bench/go), same templates, same data.
# See docs/performance.md, "Template rendering".
#
#   bench/templates.sh                    build, check outputs are byte-identical, time both, print the tables
#   bench/templates.sh --quick            a smoke run (short JMH and Go runs; numbers not worth quoting)
#   bench/templates.sh --sidecar-jvm      fork the JMH JVM with docker/vaultlet's default flags (C1 only, 64 MB heap)
#   bench/templates.sh --no-build         reuse target/bench/vaultlet-bench.jar
#   bench/templates.sh --update-expected  rewrite bench/templates/expected/*.out from Go first (after editing
#                                         a template or data.json), then run as usual
#   bench/templates.sh -- ARGS...         extra JMH arguments, e.g. -- -f 2 -i 10
#
# Results (JMH CSV, Go output, the table) are kept in target/bench/results/.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TEMPLATES="$ROOT/bench/templates"
JAR="$ROOT/target/bench/vaultlet-bench.jar"
OUT="$ROOT/target/bench/results"
# docker/vaultlet's DEFAULT_OPTS without the CDS archive (keep in step with that file).
SIDECAR_JVM="-XX:+UseSerialGC -Xms8m -Xmx64m -Xss512k -XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=24m \
-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:-UsePerfData"

build=1 quick=0 sidecar=0 update=0
jmh_extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --quick) quick=1 ;;
    --sidecar-jvm) sidecar=1 ;;
    --update-expected) update=1 ;;
    --) shift; jmh_extra=("$@"); break ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "templates.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

die() { echo "templates.sh: $*" >&2; exit 1; }
for tool in go java mvn cmp diff awk; do
  command -v "$tool" >/dev/null || die "$tool is not on PATH"
done

rm -rf "$OUT"
mkdir -p "$OUT/go" "$OUT/java"
gobin="$OUT/templatebench"
(cd "$ROOT/bench/go" && go build -o "$gobin" .) || die "building bench/go failed"

# 1. Go's output is the reference; the committed copy (packaged into the bench jar) must match it.
if [ "$update" = 1 ]; then
  mkdir -p "$TEMPLATES/expected"
  "$gobin" -dir "$TEMPLATES" -render "$TEMPLATES/expected"
  echo "updated bench/templates/expected/ from Go $(go env GOVERSION)"
fi
"$gobin" -dir "$TEMPLATES" -render "$OUT/go"
if ! diff -r "$TEMPLATES/expected" "$OUT/go" >"$OUT/expected.diff"; then
  head -40 "$OUT/expected.diff" >&2
  die "Go's output differs from bench/templates/expected/ (template or data.json changed?): rerun with --update-expected"
fi

# 2. vaultlet must render exactly the same bytes, on both paths.
if [ "$build" = 1 ]; then
  (cd "$ROOT" && mvn -B -q -Pbench package) || die "mvn -Pbench package failed"
fi
[ -f "$JAR" ] || die "$JAR is missing: run without --no-build"
java -cp "$JAR" io.vaultlet.bench.RenderOutputs "$OUT/java"
mismatch=0
for f in "$OUT"/go/*.out; do
  name=$(basename "$f" .out)
  for path in agent engine; do
    if ! cmp -s "$f" "$OUT/java/$name.$path.out"; then
      echo "MISMATCH: $name ($path path) differs from Go's text/template:" >&2
      diff -u --label go --label "vaultlet-$path" "$f" "$OUT/java/$name.$path.out" | head -30 >&2 || true
      mismatch=1
    fi
  done
done
[ "$mismatch" = 0 ] || die "outputs differ; not timing (with --no-build the jar may hold older templates)"
echo "outputs byte-identical: $(cd "$OUT/go" && ls *.out | sed 's/\.out$//' | tr '\n' ' ')"

# 3. Time both sides, one after the other (never concurrently: they would compete for the same cores).
go_args=(-count 5 -benchtime 1s)
jmh_args=(-prof gc -prof io.vaultlet.bench.CpuTimeProfiler)
if [ "$quick" = 1 ]; then
  go_args=(-count 2 -benchtime 300ms)
  jmh_args+=(-wi 1 -w 1 -i 2 -r 1)
fi
jvm_label="default JVM flags (C2) -Xms256m -Xmx256m"
if [ "$sidecar" = 1 ]; then
  jmh_args+=(-jvmArgsAppend "$SIDECAR_JVM")
  jvm_label="docker/vaultlet flags: $SIDECAR_JVM"
fi
# Go runs before and after JMH and its samples are pooled, so a change in the machine's load during the run shows
# in Go's error bar instead of silently skewing the ratio.
load() { cut -d' ' -f1 /proc/loadavg; }
loads="$(load)"
echo "timing Go $(go env GOVERSION) (1/2) ..."
"$gobin" -dir "$TEMPLATES" -bench "${go_args[@]}" | tee "$OUT/go.txt"
loads="$loads $(load)"
echo "timing vaultlet (JMH; log in $OUT/jmh.txt) ..."
java -jar "$JAR" TemplateRendering "${jmh_args[@]}" -rf csv -rff "$OUT/jmh.csv" ${jmh_extra[@]+"${jmh_extra[@]}"} \
  >"$OUT/jmh.txt" 2>&1 || { tail -40 "$OUT/jmh.txt" >&2; die "JMH failed (log: $OUT/jmh.txt)"; }
loads="$loads $(load)"
echo "timing Go $(go env GOVERSION) (2/2) ..."
"$gobin" -dir "$TEMPLATES" -bench "${go_args[@]}" | tee -a "$OUT/go.txt"
loads="$loads $(load)"

# 4. The table.
{
  echo "Template rendering, parsed once, rendered many times. $(nproc) cores; 1-min load average at each step: $loads."
  echo "Java: $(java -version 2>&1 | head -1), $jvm_label"
  echo "Go:   $(go env GOVERSION). ns/op: JMH mean ± 99.9% CI; Go mean ± sample stddev of 2 x ${go_args[1]} runs."
  echo
  awk -v csv="$OUT/jmh.csv" '
    function fmt(x) { return x == "" ? "-" : sprintf("%.0f", x) }
    function pm(x, e) { return x == "" ? "-" : (e == "" || e == "NaN") ? fmt(x) : fmt(x) " ± " fmt(e) }
    function ratio(a, b) { return a == "" || b == "" || b == 0 ? "-" : sprintf("%.2f", a / b) }
    # Go: pool the samples of both runs (kind "SAMPLES" = wall clock, "CPU" = process CPU time).
    function pool(kind, t,   j, m, sq) {
      m = sum[kind, t] / cnt[kind, t]; sq = 0
      for (j = 1; j <= cnt[kind, t]; j++) sq += (smp[kind, t, j] - m) ^ 2
      mean[kind, t] = m; sd[kind, t] = cnt[kind, t] > 1 ? sqrt(sq / (cnt[kind, t] - 1)) : ""
    }
    function table(title, kind, metric,   i, t) {
      printf "%s\n", title
      printf "%-12s %22s %20s %20s %9s %10s\n", "template", "vaultlet ns/op", "engine-only ns/op", "Go ns/op", "Java/Go", "engine/Go"
      for (i = 1; i <= k; i++) {
        t = order[i]
        printf "%-12s %22s %20s %20s %9s %10s\n", t, pm(v["agent", metric, t], e["agent", metric, t]),
          pm(v["engine", metric, t], e["engine", metric, t]), pm(mean[kind, t], sd[kind, t]),
          ratio(v["agent", metric, t], mean[kind, t]), ratio(v["engine", metric, t], mean[kind, t])
      }
      printf "\n"
    }
    BEGIN {
      while ((getline line < csv) > 0) {
        gsub(/["\r]/, "", line); n = split(line, c, ",")
        if (c[1] == "Benchmark") continue
        bench = c[1]; metric = ""; t = c[n]
        if ((colon = index(bench, ":")) > 0) { metric = substr(bench, colon + 1); bench = substr(bench, 1, colon - 1) }
        sub(/.*\./, "", bench)
        v[bench, metric, t] = c[5]; e[bench, metric, t] = c[6]
      }
    }
    $1 == "RESULT" { if (!($2 in seen)) { seen[$2] = 1; order[++k] = $2 }; gobytes[$2] = $5 }
    $1 == "SAMPLES" || $1 == "CPU" { for (i = 3; i <= NF; i++) { smp[$1, $2, ++cnt[$1, $2]] = $i; sum[$1, $2] += $i } }
    END {
      for (i = 1; i <= k; i++) { pool("SAMPLES", order[i]); pool("CPU", order[i]) }
      table("Wall-clock time per render (what JMH and testing.Benchmark report):", "SAMPLES", "")
      table("Process CPU time per render (all threads: GC and JIT included; immune to waiting for a core):", "CPU", "cpu.time.norm")
      printf "%-12s %22s %20s %20s\n", "allocation", "vaultlet B/op", "engine-only B/op", "Go B/op"
      for (i = 1; i <= k; i++) {
        t = order[i]
        printf "%-12s %22s %20s %20s\n", t, fmt(v["agent", "gc.alloc.rate.norm", t]),
          fmt(v["engine", "gc.alloc.rate.norm", t]), fmt(gobytes[t])
      }
    }' "$OUT/go.txt"
  echo
  echo "vaultlet = io.vaultlet.template.Template.execute over a filled MemoryBrain (what the agent runs per render);"
  echo "engine-only = io.vaultlet.template.gotmpl.Template.execute with stub functions (the same work as the Go side)."
} | tee "$OUT/table.txt"
