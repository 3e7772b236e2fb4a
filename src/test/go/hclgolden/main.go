// Command hclgolden writes the golden files for vaultlet's HCL1 differential tests.
//
// For every file under the fixtures directory it decodes the file with github.com/hashicorp/hcl (v1), exactly as
// Vault Agent reads a config file (hcl.Decode into map[string]interface{}), and writes <golden>/<relative path>.json:
//
//	{"value": <decoded value>, "ast": [<node positions>]}   when the library accepts the file
//	{"error": {"phase": "parse"|"decode"|"panic", "message": "...", "line": L, "column": C}}   when it does not
//
// Numbers keep their Go type: an int is written as a JSON integer, a float64 always with a '.' or an exponent.
// "ast" lists, in source order, every item (its keys with positions) and every value node with the position the
// library reports (HCL syntax only; the JSON parser reports no positions).
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl"
	"github.com/hashicorp/hcl/hcl/ast"
	"github.com/hashicorp/hcl/hcl/parser"
	"github.com/hashicorp/hcl/hcl/token"
)

type failure struct {
	Phase   string `json:"phase"`
	Message string `json:"message"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: hclgolden <fixtures dir> <golden dir>")
		os.Exit(2)
	}
	fixtures, golden := os.Args[1], os.Args[2]
	count := 0
	err := filepath.WalkDir(fixtures, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, ".md") {
			return err
		}
		rel, _ := filepath.Rel(fixtures, path)
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		out := filepath.Join(golden, rel+".json")
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		count++
		return os.WriteFile(out, describe(src), 0o644)
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("wrote %d golden files\n", count)
}

func describe(src []byte) []byte {
	var b bytes.Buffer
	value, positions, fail := decode(src)
	if fail != nil {
		enc, _ := marshal(fail)
		b.WriteString("{\"error\": " + enc + "}\n")
		return b.Bytes()
	}
	b.WriteString("{\"value\": ")
	writeValue(&b, value)
	b.WriteString(",\n\"ast\": [")
	for i, p := range positions {
		if i > 0 {
			b.WriteString(",")
		}
		s, _ := marshal(p)
		b.WriteString("\n  " + s)
	}
	b.WriteString("\n]}\n")
	return b.Bytes()
}

// decode runs the library the way Vault does and turns any error or panic into a failure record.
func decode(src []byte) (value map[string]interface{}, positions []string, fail *failure) {
	defer func() {
		if r := recover(); r != nil {
			value, positions = nil, nil
			fail = &failure{Phase: "panic", Message: fmt.Sprint(r)}
		}
	}()
	file, err := hcl.ParseBytes(src)
	if err != nil {
		return nil, nil, toFailure("parse", err)
	}
	var out map[string]interface{}
	if err := hcl.DecodeObject(&out, file); err != nil {
		return nil, nil, toFailure("decode", err)
	}
	if list, ok := file.Node.(*ast.ObjectList); ok && !isJSON(src) {
		positions = walkList(list, nil)
	}
	if positions == nil {
		positions = []string{}
	}
	return out, positions, nil
}

func isJSON(src []byte) bool {
	return strings.HasPrefix(strings.TrimSpace(string(src)), "{")
}

var leadingPos = regexp.MustCompile(`^(?:At )?(\d+):(\d+):`)

func toFailure(phase string, err error) *failure {
	f := &failure{Phase: phase, Message: err.Error()}
	var pe *parser.PosError
	if errors.As(err, &pe) {
		f.Line, f.Column = pe.Pos.Line, pe.Pos.Column
	} else if m := leadingPos.FindStringSubmatch(err.Error()); m != nil {
		f.Line, _ = strconv.Atoi(m[1])
		f.Column, _ = strconv.Atoi(m[2])
	}
	return f
}

func walkList(list *ast.ObjectList, acc []string) []string {
	for _, item := range list.Items {
		keys := make([]string, 0, len(item.Keys))
		for _, k := range item.Keys {
			keys = append(keys, fmt.Sprintf("%s@%s", k.Token.Value(), pos(k.Pos())))
		}
		assign := "block"
		if item.Assign.IsValid() {
			assign = "assign"
		}
		acc = append(acc, fmt.Sprintf("item %s %s", strings.Join(keys, " "), assign))
		acc = walkNode(item.Val, acc)
	}
	return acc
}

func walkNode(n ast.Node, acc []string) []string {
	switch v := n.(type) {
	case *ast.ObjectType:
		acc = append(acc, "object@"+pos(v.Lbrace))
		return walkList(v.List, acc)
	case *ast.ListType:
		acc = append(acc, "list@"+pos(v.Lbrack))
		for _, e := range v.List {
			acc = walkNode(e, acc)
		}
		return acc
	case *ast.LiteralType:
		return append(acc, strings.ToLower(v.Token.Type.String())+"@"+pos(v.Token.Pos))
	}
	return append(acc, fmt.Sprintf("unknown %T", n))
}

func pos(p token.Pos) string {
	return fmt.Sprintf("%d:%d", p.Line, p.Column)
}

// writeValue writes JSON with sorted keys, ints as integers and float64s always with '.' or an exponent.
func writeValue(b *bytes.Buffer, v interface{}) {
	switch x := v.(type) {
	case map[string]interface{}:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteString("{")
		for i, k := range keys {
			if i > 0 {
				b.WriteString(", ")
			}
			s, _ := marshal(k)
			b.WriteString(s + ": ")
			writeValue(b, x[k])
		}
		b.WriteString("}")
	case []map[string]interface{}:
		b.WriteString("[")
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			writeValue(b, e)
		}
		b.WriteString("]")
	case []interface{}:
		b.WriteString("[")
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			writeValue(b, e)
		}
		b.WriteString("]")
	case int:
		b.WriteString(strconv.Itoa(x))
	case float64:
		s := strconv.FormatFloat(x, 'g', -1, 64)
		if !strings.ContainsAny(s, ".eE") {
			s += ".0"
		}
		b.WriteString(s)
	case string, bool:
		s, _ := marshal(x)
		b.WriteString(s)
	default:
		panic(fmt.Sprintf("unexpected decoded type %T", v))
	}
}

func marshal(v interface{}) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}
