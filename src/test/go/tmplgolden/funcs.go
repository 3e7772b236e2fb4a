package main

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"text/template"
)

// testFuncs are registered for every case. TestFunctions.java implements each one identically.
func testFuncs(self func() *template.Template) template.FuncMap {
	return template.FuncMap{
		// From text/template's exec_test.go.
		"typeOf":     func(arg interface{}) string { return fmt.Sprintf("%T", arg) },
		"add":        add,
		"echo":       func(arg interface{}) interface{} { return arg },
		"makemap":    makemap,
		"mapOfThree": func() interface{} { return map[string]interface{}{"three": 3} },
		"oneArg":     func(a string) string { return "oneArg=" + a },
		"twoArgs":    func(a, b string) string { return "twoArgs=" + a + b },
		"die":        func() bool { panic("die") },
		"zeroArgs":   func() string { return "zeroArgs" },
		"returnInt":  func() int { return 7 },
		// count returns n one-letter strings (exec_test's version returns a channel).
		"count": func(n int) []interface{} {
			out := []interface{}{}
			for i := 0; i < n; i++ {
				out = append(out, "abcdefghijklmnop"[i:i+1])
			}
			return out
		},
		// Ours.
		"fail":   func(msg string) (string, error) { return "", errors.New(msg) },
		"nilfn":  func() interface{} { return nil },
		"list":   func(args ...interface{}) []interface{} { return append([]interface{}{}, args...) },
		"upper":  func(s string) string { return strings.ToUpper(s) },
		"adder":  func() interface{} { return func(a, b int) int { return a + b } },
		"joiner": func() interface{} { return func(s ...string) string { return "<" + strings.Join(s, "+") + ">" } },
		"errer":  func() interface{} { return func() (string, error) { return "", errors.New("errer failed") } },
		// Structs (Java: GoStruct), shaped like consul-template's *dependency.Secret.
		"secret": func() *Secret {
			return &Secret{RequestID: "req-1", LeaseDuration: 3600, Renewable: true,
				Data: map[string]interface{}{"password": "s3cr3t", "data": map[string]interface{}{"user": "u"}},
				Warnings: []interface{}{"w1"}}
		},
		"secretValue": func() Secret { return Secret{RequestID: "req-2"} },
		// consul-template's executeTemplate.
		"executeTemplate": func(name string, data ...interface{}) (string, error) {
			var dot interface{}
			switch len(data) {
			case 0:
			case 1:
				dot = data[0]
			default:
				return "", fmt.Errorf("executeTemplate: wrong number of arguments, expected 1 or 2, got %d", len(data)+1)
			}
			var b bytes.Buffer
			if err := self().ExecuteTemplate(&b, name, dot); err != nil {
				return "", err
			}
			return b.String(), nil
		},
	}
}

func add(args ...int) int {
	sum := 0
	for _, x := range args {
		sum += x
	}
	return sum
}

func makemap(arg ...string) map[string]interface{} {
	if len(arg)%2 != 0 {
		panic("bad makemap")
	}
	m := make(map[string]interface{})
	for i := 0; i < len(arg); i += 2 {
		m[arg[i]] = arg[i+1]
	}
	return m
}

// Secret mirrors the fields of consul-template's dependency.Secret that templates use.
type Secret struct {
	RequestID     string
	LeaseID       string
	LeaseDuration int
	Renewable     bool
	Data          map[string]interface{}
	Warnings      []interface{}
}

// Get is a method with an argument (like consul-template's Scratch.Get).
func (s *Secret) Get(key string) interface{} { return s.Data[key] }

// Self is a method without arguments returning a struct (like PemEncoded.Data).
func (s *Secret) Self() *Secret { return s }

// Fail is a method that returns an error.
func (s *Secret) Fail() (string, error) { return "", errors.New("method failed") }

// Join is a variadic method.
func (s *Secret) Join(parts ...string) string { return s.RequestID + ":" + strings.Join(parts, ",") }
