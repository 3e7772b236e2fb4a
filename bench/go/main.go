// Command templatebench renders bench/templates/*.tmpl with Go's text/template, as consul-template would, and
// times them: the reference side of bench/templates.sh.
//
//	go run . -dir ../templates -render OUTDIR   # write NAME.out for each template (for the byte-identical check)
//	go run . -dir ../templates -bench           # time each template; prints "RESULT name ns/op stddev B/op allocs/op"
//	                                            # "SAMPLES name ns/op..." (each timed run) and "CPU name ns/op..."
//	                                            # (process CPU time per op of each run, GC threads included)
//	go run . -dir ../templates -bench -parse    # also time parse+render per op ("PARSE name ns/op stddev B/op allocs/op")
//
// The data and functions are consul-template's shapes with stub bodies: `secret` returns a *Secret (the fields
// of consul-template's *dependency.Secret) from data.json, `env` reads data.json's env, `toUpper` is strings.ToUpper.
// Templates are parsed once with missingkey=zero (consul-template's default) and executed into a fresh
// bytes.Buffer per render, as consul-template's Template.Execute does (which also re-parses the template on every
// render; -parse measures that too, with this small FuncMap rather than consul-template's ~150 functions).
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"text/template"
	"time"
)

// Secret mirrors consul-template's dependency.Secret (what a template sees of a Vault response).
type Secret struct {
	RequestID     string
	LeaseID       string
	LeaseDuration int
	Renewable     bool
	Data          map[string]interface{}
	Warnings      []string
	Auth          *SecretAuth
	WrapInfo      *SecretWrapInfo
}

// SecretAuth mirrors dependency.SecretAuth.
type SecretAuth struct {
	Accessor      string
	ClientToken   string
	Policies      []string
	Metadata      map[string]string
	LeaseDuration int
	Renewable     bool
}

// SecretWrapInfo mirrors dependency.SecretWrapInfo.
type SecretWrapInfo struct {
	Token           string
	TTL             int
	CreationTime    time.Time
	WrappedAccessor string
}

type fixtures struct {
	env     map[string]string
	secrets map[string]*Secret
}

type response struct {
	RequestID     string                 `json:"request_id"`
	LeaseID       string                 `json:"lease_id"`
	LeaseDuration json.Number            `json:"lease_duration"`
	Renewable     bool                   `json:"renewable"`
	Data          map[string]interface{} `json:"data"`
}

func load(dir string) (*fixtures, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "data.json"))
	if err != nil {
		return nil, err
	}
	var doc struct {
		Env     map[string]string          `json:"env"`
		Secrets map[string]json.RawMessage `json:"secrets"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, err
	}
	f := &fixtures{env: doc.Env, secrets: map[string]*Secret{}}
	for path, body := range doc.Secrets {
		// Vault's API client decodes with UseNumber, so numbers in .Data are json.Number, as here.
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		var r response
		if err := dec.Decode(&r); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		ld, _ := r.LeaseDuration.Int64()
		f.secrets[path] = &Secret{RequestID: r.RequestID, LeaseID: r.LeaseID, LeaseDuration: int(ld),
			Renewable: r.Renewable, Data: r.Data}
	}
	return f, nil
}

func (f *fixtures) funcMap() template.FuncMap {
	return template.FuncMap{
		// consul-template: secretFunc(...) func(...string) (*dependency.Secret, error); reads and writes alike.
		"secret": func(s ...string) (*Secret, error) {
			if len(s) == 0 {
				return nil, nil
			}
			sec, ok := f.secrets[strings.Trim(s[0], "/")]
			if !ok {
				return nil, fmt.Errorf("no fixture for %q", s[0])
			}
			return sec, nil
		},
		"env":     func(s string) (string, error) { return f.env[s], nil },
		"toUpper": strings.ToUpper,
	}
}

func templateNames(dir string) ([]string, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.tmpl"))
	if err != nil {
		return nil, err
	}
	var names []string
	for _, p := range paths {
		names = append(names, strings.TrimSuffix(filepath.Base(p), ".tmpl"))
	}
	sort.Strings(names)
	return names, nil
}

func parse(name, text string, fns template.FuncMap) (*template.Template, error) {
	return template.New(name).Funcs(fns).Option("missingkey=zero").Parse(text)
}

func render(t *template.Template) ([]byte, error) {
	var b bytes.Buffer
	if err := t.Execute(&b, nil); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

type stats struct {
	mean, stddev, bytes, allocs float64
	samples                     []float64
	cpu                         []float64 // process CPU ns/op of each timed run (all threads, GC included)
}

// cpuTime is the process's user+system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// measure runs op under testing.Benchmark once to warm up, then count times, and reports the mean and sample
// standard deviation of ns/op with the last run's allocations.
func measure(op func() ([]byte, error), count int) stats {
	var sink []byte
	var lastCPU time.Duration // of the last call of the benchmark function, whose b.N the result reports
	run := func() testing.BenchmarkResult {
		return testing.Benchmark(func(b *testing.B) {
			b.ReportAllocs()
			start := cpuTime()
			for i := 0; i < b.N; i++ {
				out, err := op()
				if err != nil {
					b.Fatal(err)
				}
				sink = out
			}
			lastCPU = cpuTime() - start
		})
	}
	run() // warm-up: caches, heap size, CPU frequency
	var ns, cpu []float64
	var last testing.BenchmarkResult
	for i := 0; i < count; i++ {
		last = run()
		ns = append(ns, float64(last.T.Nanoseconds())/float64(last.N))
		cpu = append(cpu, float64(lastCPU.Nanoseconds())/float64(last.N))
	}
	_ = sink
	var sum float64
	for _, v := range ns {
		sum += v
	}
	mean := sum / float64(len(ns))
	var sq float64
	for _, v := range ns {
		sq += (v - mean) * (v - mean)
	}
	sd := 0.0
	if len(ns) > 1 {
		sd = math.Sqrt(sq / float64(len(ns)-1))
	}
	return stats{mean, sd, float64(last.AllocedBytesPerOp()), float64(last.AllocsPerOp()), ns, cpu}
}

func main() {
	testing.Init()
	dir := flag.String("dir", "../templates", "directory with *.tmpl and data.json")
	renderDir := flag.String("render", "", "write NAME.out for each template into this directory and exit")
	bench := flag.Bool("bench", false, "time each template")
	only := flag.String("only", "", "comma-separated template names (default: all)")
	parseToo := flag.Bool("parse", false, "with -bench, also time parse+render per op")
	count := flag.Int("count", 5, "timed runs per template (after one warm-up run)")
	benchtime := flag.Duration("benchtime", time.Second, "duration of each run")
	flag.Parse()
	if err := run(*dir, *renderDir, *bench, *parseToo, *only, *count, *benchtime); err != nil {
		fmt.Fprintln(os.Stderr, "templatebench:", err)
		os.Exit(1)
	}
}

func run(dir, renderDir string, bench, parseToo bool, only string, count int, benchtime time.Duration) error {
	if renderDir == "" && !bench {
		return fmt.Errorf("nothing to do: give -render DIR or -bench")
	}
	if err := flag.Set("test.benchtime", benchtime.String()); err != nil {
		return err
	}
	f, err := load(dir)
	if err != nil {
		return err
	}
	names, err := templateNames(dir)
	if err != nil {
		return err
	}
	if only != "" {
		names = strings.Split(only, ",")
	}
	fns := f.funcMap()
	for _, name := range names {
		raw, err := os.ReadFile(filepath.Join(dir, name+".tmpl"))
		if err != nil {
			return err
		}
		text := string(raw)
		t, err := parse(name, text, fns)
		if err != nil {
			return err
		}
		out, err := render(t)
		if err != nil {
			return err
		}
		if renderDir != "" {
			if err := os.WriteFile(filepath.Join(renderDir, name+".out"), out, 0o644); err != nil {
				return err
			}
		}
		if bench {
			s := measure(func() ([]byte, error) { return render(t) }, count)
			fmt.Printf("RESULT %s %.1f %.1f %.0f %.0f\n", name, s.mean, s.stddev, s.bytes, s.allocs)
			fmt.Printf("SAMPLES %s%s\n", name, format(s.samples))
			fmt.Printf("CPU %s%s\n", name, format(s.cpu))
		}
		if bench && parseToo {
			s := measure(func() ([]byte, error) {
				pt, err := parse(name, text, fns)
				if err != nil {
					return nil, err
				}
				return render(pt)
			}, count)
			fmt.Printf("PARSE %s %.1f %.1f %.0f %.0f\n", name, s.mean, s.stddev, s.bytes, s.allocs)
		}
	}
	return nil
}

func format(samples []float64) string {
	var b strings.Builder
	for _, v := range samples {
		fmt.Fprintf(&b, " %.1f", v)
	}
	return b.String()
}
