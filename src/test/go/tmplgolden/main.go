// Command tmplgolden runs Go's text/template on every case of a cases file and writes the goldens that
// vaultlet's Java engine is tested against (src/test/java/io/vaultlet/template/gotmpl/GoldenTest.java).
//
// Usage (from this directory):
//
//	go run . ../../resources/gotmpl/cases.json ../../resources/gotmpl/goldens.json
//
// Case data is JSON decoded into vaultlet's template data model: objects become map[string]interface{},
// arrays []interface{} (with cap == len), integral numbers int (Java Long), other numbers float64 (Java
// Double), strings, booleans and null as usual.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"text/template"
)

// Case is one template execution.
type Case struct {
	Name       string          `json:"name"`
	Template   string          `json:"template"`
	Data       json.RawMessage `json:"data,omitempty"`
	LeftDelim  string          `json:"leftDelim,omitempty"`
	RightDelim string          `json:"rightDelim,omitempty"`
	MissingKey string          `json:"missingKey,omitempty"` // "error" for missingkey=error
	ExecName   string          `json:"execName,omitempty"`   // run ExecuteTemplate with this name
	Source     string          `json:"source,omitempty"`     // where the case comes from
}

// Golden is a case with Go's result.
type Golden struct {
	Case
	Output *string `json:"output,omitempty"`
	Error  *string `json:"error,omitempty"`
	Phase  string  `json:"phase,omitempty"` // "parse" or "exec" when Error is set
	Tree   *string `json:"tree,omitempty"`  // the parsed root's String(), when parsing succeeded
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: tmplgolden CASES.json GOLDENS.json")
		os.Exit(2)
	}
	raw, err := os.ReadFile(os.Args[1])
	check(err)
	var cases []Case
	check(json.Unmarshal(raw, &cases))
	seen := map[string]bool{}
	goldens := make([]Golden, 0, len(cases))
	for _, c := range cases {
		if seen[c.Name] {
			fmt.Fprintf(os.Stderr, "duplicate case name %q\n", c.Name)
			os.Exit(1)
		}
		seen[c.Name] = true
		goldens = append(goldens, run(c))
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
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
	var tmpl *template.Template
	tmpl = template.New(c.Name).Delims(c.LeftDelim, c.RightDelim).Funcs(testFuncs(func() *template.Template { return tmpl }))
	if c.MissingKey != "" {
		tmpl = tmpl.Option("missingkey=" + c.MissingKey)
	}
	_, err := tmpl.Parse(c.Template)
	if err != nil {
		msg := err.Error()
		g.Error, g.Phase = &msg, "parse"
		return g
	}
	if tmpl.Tree != nil && tmpl.Tree.Root != nil {
		tree := tmpl.Tree.Root.String()
		g.Tree = &tree
	}
	var buf bytes.Buffer
	if c.ExecName != "" {
		err = tmpl.ExecuteTemplate(&buf, c.ExecName, data)
	} else {
		err = tmpl.Execute(&buf, data)
	}
	if err != nil {
		msg := err.Error()
		g.Error, g.Phase = &msg, "exec"
		return g
	}
	out := buf.String()
	g.Output = &out
	return g
}

// decode turns JSON into the template data model (see the package comment).
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
