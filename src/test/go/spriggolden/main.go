// Command spriggolden runs Go's text/template with Sprig's hermetic function map under the "sprig_" prefix (as
// consul-template registers it) and go-spew's Sprintf on every case of a cases file, and writes the goldens that
// vaultlet's sprig_* functions are tested against (src/test/java/io/vaultlet/template/SprigGoldenTest.java).
//
// Usage (from this directory; see generate.sh):
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go run main.go ../../resources/sprig/cases.json ../../resources/sprig/goldens.json
//
// It builds against Debian's golang-github-masterminds-sprig-dev (Sprig 3.2.3); consul-template v0.42.1 vendors Sprig
// 3.3.0, which adds sha512sum and takes camelcase from xstrings 1.5.0: those cases carry a hand-written "output"
// ("hand" says why) and are copied, not run. Case data is JSON decoded as in ../tmplgolden: integral numbers are
// Go ints, other numbers float64.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig/v3"
	"github.com/davecgh/go-spew/spew"
)

// Case is one template execution.
type Case struct {
	Name     string          `json:"name"`
	Template string          `json:"template"`
	Data     json.RawMessage `json:"data,omitempty"`
	Hand     string          `json:"hand,omitempty"`
	Output   *string         `json:"output,omitempty"`
}

// Golden is a case with Go's result.
type Golden struct {
	Case
	Error *string `json:"error,omitempty"`
	Phase string  `json:"phase,omitempty"`
}

func funcs() template.FuncMap {
	m := template.FuncMap{}
	for k, v := range sprig.HermeticTxtFuncMap() {
		m["sprig_"+k] = v
	}
	m["spew_sprintf"] = func(format string, args ...interface{}) (string, error) {
		return spew.Sprintf(format, args...), nil
	}
	return m
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: spriggolden CASES.json GOLDENS.json")
		os.Exit(2)
	}
	raw, err := os.ReadFile(os.Args[1])
	check(err)
	var cases []Case
	check(json.Unmarshal(raw, &cases))
	goldens := make([]Golden, 0, len(cases))
	for _, c := range cases {
		if c.Hand != "" {
			goldens = append(goldens, Golden{Case: c})
			continue
		}
		goldens = append(goldens, run(c))
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	check(enc.Encode(goldens))
	check(os.WriteFile(os.Args[2], out.Bytes(), 0o644))
	fmt.Printf("%d goldens written to %s\n", len(goldens), os.Args[2])
}

func run(c Case) (g Golden) {
	g.Case = c
	defer func() {
		if r := recover(); r != nil {
			msg := fmt.Sprintf("PANIC: %v", r)
			g.Error, g.Phase, g.Output = &msg, "panic", nil
		}
	}()
	var data interface{}
	if len(c.Data) > 0 {
		data = decode(c.Data)
	}
	tmpl, err := template.New(c.Name).Funcs(funcs()).Parse(c.Template)
	if err != nil {
		msg := err.Error()
		g.Error, g.Phase = &msg, "parse"
		return g
	}
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, data); err != nil {
		msg := err.Error()
		g.Error, g.Phase = &msg, "exec"
		return g
	}
	s := buf.String()
	g.Output = &s
	return g
}

func decode(raw []byte) interface{} {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v interface{}
	check(dec.Decode(&v))
	return normalize(v)
}

func normalize(v interface{}) interface{} {
	switch x := v.(type) {
	case json.Number:
		s := x.String()
		if !strings.ContainsAny(s, ".eE") {
			if i, err := x.Int64(); err == nil {
				return int(i)
			}
		}
		f, err := x.Float64()
		check(err)
		return f
	case []interface{}:
		out := make([]interface{}, len(x))
		for i, e := range x {
			out[i] = normalize(e)
		}
		return out
	case map[string]interface{}:
		out := make(map[string]interface{}, len(x))
		for k, e := range x {
			out[k] = normalize(e)
		}
		return out
	default:
		return v
	}
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
