// Command fmtgolden is the oracle for vaultlet's GoFormat: it runs Go's own fmt over committed cases and writes
// the results as goldens that the Java tests read (CI has no Go toolchain).
//
//	go run . -cases ../../resources/gofmt/cases.json -out ../../resources/gofmt/golden.json
//	go run . -floats ../../resources/gofmt/floats.tsv -n 4000 -seed 20261127
//	go run . -isprint ../../resources/gofmt/isprint.txt
//
// Arguments in cases.json are tagged so they keep their Go type:
//
//	{"nil":true} {"bool":true} {"int":5} {"uint64":"18446744073709551615"} {"bigint":"-1e30 in digits"}
//	{"float":1.5} {"float":"NaN"} {"float32":0.1} {"string":"x"} {"bytes":"68690a"} {"gostring":"ed a0 80 as hex"}
//	{"list":[...]} {"map":{"k":...}} {"struct":{"type":"T","ptr":true,"fields":[["A",{"int":1}],["B",...]]}}
//
// Float values given as JSON strings go through strconv.ParseFloat ("NaN", "+Inf", "-0", "0x1p-1074").
package main

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"math/big"
	"math/rand"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Struct types the cases may use. Fields are interface{} because the data model's struct fields are.
type T struct{ A, B interface{} }
type Empty struct{}
type Pair struct{ Key, Value interface{} }
type Secret struct {
	RequestID, LeaseID, LeaseDuration, Renewable, Data, Warnings interface{}
}

var structTypes = map[string]reflect.Type{
	"T":      reflect.TypeOf(T{}),
	"Empty":  reflect.TypeOf(Empty{}),
	"Pair":   reflect.TypeOf(Pair{}),
	"Secret": reflect.TypeOf(Secret{}),
}

type testCase struct {
	Name   string            `json:"name,omitempty"`
	Fn     string            `json:"fn,omitempty"`
	Format string            `json:"format,omitempty"`
	Args   []json.RawMessage `json:"args"`
	Want   *string           `json:"want,omitempty"`
	// Lossy marks output that was not valid UTF-8: JSON replaced each invalid byte with U+FFFD.
	Lossy bool `json:"lossy,omitempty"`
	// Addresses marks output where heap addresses were replaced by the fixed one vaultlet prints.
	Addresses bool `json:"addresses,omitempty"`
}

// Go prints real heap addresses (0xc000...), which differ between runs; vaultlet prints a fixed one instead
// (GoFormatPrinter.FAKE_ADDRESS) so rendered files stay stable. These patterns find heap addresses in each base
// fmt can print a pointer in and substitute the fixed address, so the goldens stay deterministic.
const fakeAddress = 0xc000010000

var addressPatterns = []struct {
	re   *regexp.Regexp
	repl string
}{
	{regexp.MustCompile(`c0[0-9a-f]{8}`), strconv.FormatUint(fakeAddress, 16)},
	{regexp.MustCompile(`C0[0-9A-F]{8}`), strings.ToUpper(strconv.FormatUint(fakeAddress, 16))},
	{regexp.MustCompile(`\b82[4-8][0-9]{9}\b`), strconv.FormatUint(fakeAddress, 10)},
	{regexp.MustCompile(`\b140[0-3][0-7]{10}\b`), strconv.FormatUint(fakeAddress, 8)},
	{regexp.MustCompile(`\b11000000[01]{32}\b`), strconv.FormatUint(fakeAddress, 2)},
}

func fixAddresses(s string) string {
	for _, p := range addressPatterns {
		s = p.re.ReplaceAllString(s, p.repl)
	}
	return s
}

// hasPointer reports whether fmt could print an address for any of the values.
func hasPointer(args []interface{}) bool {
	for _, a := range args {
		switch v := a.(type) {
		case []interface{}, map[string]interface{}, []byte, *big.Int:
			return true
		default:
			if a != nil && reflect.TypeOf(a).Kind() == reflect.Pointer {
				return true
			}
			if a != nil && reflect.TypeOf(a).Kind() == reflect.Struct {
				rv := reflect.ValueOf(v)
				for i := 0; i < rv.NumField(); i++ {
					if hasPointer([]interface{}{rv.Field(i).Interface()}) {
						return true
					}
				}
			}
		}
	}
	return false
}

func main() {
	casesPath := flag.String("cases", "", "cases JSON to run")
	outPath := flag.String("out", "", "golden JSON to write (with -cases)")
	floatsPath := flag.String("floats", "", "write random float goldens here")
	n := flag.Int("n", 4000, "random floats to generate")
	seed := flag.Int64("seed", 20261127, "random seed")
	isprintPath := flag.String("isprint", "", "write strconv.IsPrint ranges here")
	flag.Parse()
	if *casesPath != "" {
		runCases(*casesPath, *outPath)
	}
	if *floatsPath != "" {
		writeFloats(*floatsPath, *n, *seed)
	}
	if *isprintPath != "" {
		writeIsPrint(*isprintPath)
	}
}

func runCases(in, out string) {
	data, err := os.ReadFile(in)
	if err != nil {
		log.Fatal(err)
	}
	var cases []testCase
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&cases); err != nil {
		log.Fatal(err)
	}
	for i := range cases {
		c := &cases[i]
		args := make([]interface{}, len(c.Args))
		for j, raw := range c.Args {
			args[j] = decodeValue(raw)
		}
		var got string
		switch c.Fn {
		case "", "sprintf":
			got = fmt.Sprintf(c.Format, args...)
		case "sprint":
			got = fmt.Sprint(args...)
		case "sprintln":
			got = fmt.Sprintln(args...)
		default:
			log.Fatalf("case %d: unknown fn %q", i, c.Fn)
		}
		if hasPointer(args) {
			got = fixAddresses(got)
			c.Addresses = true
		}
		c.Want = &got
		c.Lossy = !utf8.ValidString(got)
	}
	var buf bytes.Buffer
	buf.WriteString("[\n")
	for i, c := range cases {
		var line bytes.Buffer
		enc := json.NewEncoder(&line)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(c); err != nil {
			log.Fatal(err)
		}
		buf.WriteString("  ")
		buf.Write(bytes.TrimRight(line.Bytes(), "\n"))
		if i < len(cases)-1 {
			buf.WriteByte(',')
		}
		buf.WriteByte('\n')
	}
	buf.WriteString("]\n")
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
}

func decodeValue(raw json.RawMessage) interface{} {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var tagged map[string]json.RawMessage
	if err := dec.Decode(&tagged); err != nil || len(tagged) != 1 {
		log.Fatalf("bad value %s", raw)
	}
	for tag, v := range tagged {
		switch tag {
		case "nil":
			return nil
		case "bool":
			var b bool
			must(json.Unmarshal(v, &b))
			return b
		case "int":
			n, err := strconv.ParseInt(strings.Trim(string(v), `"`), 10, 64)
			must(err)
			return int(n)
		case "uint64":
			n, err := strconv.ParseUint(strings.Trim(string(v), `"`), 10, 64)
			must(err)
			return n
		case "bigint":
			b, ok := new(big.Int).SetString(strings.Trim(string(v), `"`), 10)
			if !ok {
				log.Fatalf("bad bigint %s", v)
			}
			return b
		case "float":
			return parseFloat(v, 64)
		case "float32":
			return float32(parseFloat(v, 32))
		case "string":
			var s string
			must(json.Unmarshal(v, &s))
			return s
		case "gostring", "bytes":
			var s string
			must(json.Unmarshal(v, &s))
			b, err := hex.DecodeString(s)
			must(err)
			if tag == "gostring" {
				return string(b)
			}
			return b
		case "list":
			var items []json.RawMessage
			must(json.Unmarshal(v, &items))
			list := make([]interface{}, len(items))
			for i, item := range items {
				list[i] = decodeValue(item)
			}
			return list
		case "map":
			var items map[string]json.RawMessage
			must(json.Unmarshal(v, &items))
			m := make(map[string]interface{}, len(items))
			for k, item := range items {
				m[k] = decodeValue(item)
			}
			return m
		case "struct":
			return decodeStruct(v)
		}
		log.Fatalf("unknown tag %q", tag)
	}
	return nil
}

func decodeStruct(raw json.RawMessage) interface{} {
	var s struct {
		Type   string              `json:"type"`
		Ptr    bool                `json:"ptr"`
		Fields [][]json.RawMessage `json:"fields"`
	}
	must(json.Unmarshal(raw, &s))
	t, ok := structTypes[s.Type]
	if !ok {
		log.Fatalf("unknown struct type %q", s.Type)
	}
	if len(s.Fields) != t.NumField() {
		log.Fatalf("struct %s: want %d fields", s.Type, t.NumField())
	}
	p := reflect.New(t)
	for i, f := range s.Fields {
		var name string
		must(json.Unmarshal(f[0], &name))
		if name != t.Field(i).Name {
			log.Fatalf("struct %s: field %d is %s, not %s", s.Type, i, t.Field(i).Name, name)
		}
		if v := decodeValue(f[1]); v != nil {
			p.Elem().Field(i).Set(reflect.ValueOf(v))
		}
	}
	if s.Ptr {
		return p.Interface()
	}
	return p.Elem().Interface()
}

func parseFloat(v json.RawMessage, bits int) float64 {
	s := strings.Trim(string(v), `"`)
	f, err := strconv.ParseFloat(s, bits)
	if err != nil && !strings.Contains(err.Error(), "out of range") {
		log.Fatal(err)
	}
	return f
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

// Formats applied to every random float; the Java test reads this header to know the columns.
var floatFormats = []string{
	"%v", "%g", "%e", "%.3g", "%.17g", "%.0e", "%.10e", "%f", "%.2f", "%.0f", "%x", "%.3x", "%b", "%#g", "%+.4G",
}

func writeFloats(path string, n int, seed int64) {
	r := rand.New(rand.NewSource(seed))
	f, err := os.Create(path)
	must(err)
	defer f.Close()
	w := bufio.NewWriter(f)
	defer w.Flush()
	fmt.Fprintf(w, "# go run . -floats -seed %d: bit size, IEEE bits in hex, then fmt.Sprintf of each format\n", seed)
	fmt.Fprintf(w, "size\tbits\t%s\n", strings.Join(floatFormats, "\t"))
	for i := 0; i < n; i++ {
		var v interface{}
		var bits string
		size := 64
		switch i % 8 {
		case 0, 1, 2: // any bit pattern: every exponent, subnormals, NaNs, infinities
			x := math.Float64frombits(r.Uint64())
			v, bits = x, fmt.Sprintf("%016x", math.Float64bits(x))
		case 3: // short decimals such as prices and percentages
			x := float64(r.Int63n(1_000_000)) / math.Pow10(r.Intn(8))
			v, bits = x, fmt.Sprintf("%016x", math.Float64bits(x))
		case 4: // values near powers of ten and two, where rounding decisions are close
			x := math.Pow10(r.Intn(600)-300) * (1 + float64(r.Intn(3)-1)*math.Pow(2, -52))
			if r.Intn(2) == 0 {
				x = math.Ldexp(1, r.Intn(2090)-1074)
			}
			v, bits = x, fmt.Sprintf("%016x", math.Float64bits(x))
		case 5: // random digits of random length at a random scale
			digits := strconv.FormatInt(r.Int63(), 10)[:1+r.Intn(17)]
			x, _ := strconv.ParseFloat(digits+"e"+strconv.Itoa(r.Intn(80)-40), 64)
			v, bits = x, fmt.Sprintf("%016x", math.Float64bits(x))
		default: // float32
			x := math.Float32frombits(r.Uint32())
			if i%8 == 7 {
				x = float32(r.Int63n(100000)) / float32(math.Pow10(r.Intn(6)))
			}
			v, bits, size = x, fmt.Sprintf("%08x", math.Float32bits(x)), 32
		}
		cols := []string{strconv.Itoa(size), bits}
		for _, format := range floatFormats {
			cols = append(cols, fmt.Sprintf(format, v))
		}
		fmt.Fprintln(w, strings.Join(cols, "\t"))
	}
}

func writeIsPrint(path string) {
	f, err := os.Create(path)
	must(err)
	defer f.Close()
	w := bufio.NewWriter(f)
	defer w.Flush()
	fmt.Fprintln(w, "# go run . -isprint: code point ranges (hex, inclusive) where strconv.IsPrint is true")
	start := -1
	for r := rune(0); r <= utf8.MaxRune+1; r++ {
		p := r <= utf8.MaxRune && strconv.IsPrint(r)
		if p && start < 0 {
			start = int(r)
		} else if !p && start >= 0 {
			fmt.Fprintf(w, "%x-%x\n", start, int(r)-1)
			start = -1
		}
	}
}
