#!/usr/bin/env python3
"""Writes src/test/resources/gofmt/cases.json: Go's own fmt test cases (port-fmttests.sh) followed by ours.

    ./cases/port-fmttests.sh > /tmp/ported.json && python3 cases/cases.py /tmp/ported.json

Only inputs are written here; ../generate.sh asks Go for the expected outputs. Tags keep Go types, see ../main.go.
"""
import json, os, sys
def I(n): return {"int": n}
def F(x): return {"float": x}
def F32(x): return {"float32": x}
def S(s): return {"string": s}
def B(b): return {"bool": b}
N = {"nil": True}
def L(*xs): return {"list": list(xs)}
def M(**kw): return {"map": kw}
def MD(d): return {"map": d}
def ST(t, ptr, *fields): return {"struct": {"type": t, "ptr": ptr, "fields": [list(f) for f in fields]}}
def T(a, b, ptr=False): return ST("T", ptr, ("A", a), ("B", b))
def BYTES(h): return {"bytes": h}
def GS(h): return {"gostring": h}
def U64(s): return {"uint64": s}
def BIG(s): return {"bigint": s}

cases = []
def c(fmt, *args, name="own"):
    cases.append({"name": name, "format": fmt, "args": list(args)})
def sp(*args, name="own sprint"):
    cases.append({"name": name, "fn": "sprint", "args": list(args)})
def spln(*args, name="own sprintln"):
    cases.append({"name": name, "fn": "sprintln", "args": list(args)})

secret = ST("Secret", True, ("RequestID", S("req-1")), ("LeaseID", S("")), ("LeaseDuration", I(2764800)),
            ("Renewable", B(False)), ("Data", M(password=S("hunter2"), user=S("app"), ttl=I(3600))), ("Warnings", N))
values = [N, B(True), B(False), I(0), I(42), I(-7), I(9223372036854775807), I(-9223372036854775808),
          F(0), F("-0"), F(1.5), F(-2.25), F(1e6), F(123456), F(1e21), F(1e20), F(1e-5), F(0.0001), F(0.1),
          F("NaN"), F("+Inf"), F("-Inf"), F32(0.1), F32(16777216), S(""), S("hi"), S("héllo, 世界"),
          S("tab\there\n"), L(), L(I(1), I(2), I(3)), L(S("a"), N, F(2.5), L(B(True))), M(), M(b=I(2), a=I(1)),
          M(z=N, y=L(I(1)), x=M(k=S("v"))), T(I(1), S("x")), T(I(1), S("x"), ptr=True), T(N, N),
          ST("Empty", False), ST("Empty", True), T(T(I(1), I(2), ptr=True), L(T(I(3), I(4), ptr=True))),
          ST("Pair", False, ("Key", S("k")), ("Value", T(I(1), I(2)))), secret,
          BYTES("68690a"), BYTES(""), U64("18446744073709551615"), BIG("123456789012345678901234567890"),
          BIG("-18446744073709551616")]
verbs = ["v", "+v", "#v", "T", "s", "q", "d", "x", "X", "o", "O", "b", "e", "E", "f", "F", "g", "G", "t", "c",
         "U", "p", "z", "w", "+q", "#q", "#x", "# x", "5v", "-6v", "08.3v", ".2v"]
zero_size = [L(), ST("Empty", True), BYTES("")]  # Go prints runtime.zerobase for %p of these
for v in values:
    for verb in verbs:
        if verb == "w" and "bigint" in v:
            continue  # Go prints big.Int's internal words for %w
        if verb == "p" and v in zero_size:
            continue
        c("%" + verb, v, name="own matrix")

# Width, precision and flags on each basic type.
for v in [I(0), I(5), I(-5), I(255), I(-255), I(1234567)]:
    for f in ["%d", "%5d", "%-5d|", "%05d", "%+d", "% d", "%+05d", "% 05d", "%.3d", "%8.3d", "%08.3d", "%-08d|",
              "%x", "%#x", "%#X", "%#08x", "%o", "%#o", "%O", "%#O", "%b", "%#b", "%.0d", "%5.0d|", "%c", "%q",
              "%+q", "%#q", "%U", "%#U", "%#.6U", "%10U|", "%-10U|", "%010U"]:
        c(f, v, name="own ints")
for v in [F(0), F("-0"), F(3.14159), F(-3.14159), F(1e6), F(1e-7), F(123456789), F(0.000123), F(100), F(2.5),
          F(0.125), F(1e300), F(5e-324), F(1.7976931348623157e308), F("NaN"), F("+Inf"), F("-Inf"), F32(3.4e38),
          F32(1e-45), F32(0.3)]:
    for f in ["%v", "%.3v", "%10v|", "%-10v|", "%010v", "%+v", "% v", "%e", "%.2e", "%E", "%f", "%.0f", "%.1f",
              "%.3f", "%8.3f", "%-8.3f|", "%08.3f", "%+08.3f", "% 08.3f", "%g", "%.1g", "%.4g", "%.10g", "%G",
              "%#g", "%#.3g", "%#.0f", "%#e", "%#.0e", "%#v", "%x", "%X", "%.2x", "%#x", "%#.0x", "%b", "%F",
              "%12.4e|", "%-12.4E|", "%+.3e", "%.20f", "%.30g", "%5.1g|"]:
        c(f, v, name="own floats")
for v in [S(""), S("abc"), S("héllo"), S("日本語"), S("\x00\x07\x08\x0c\x0a\x0d\x09\x0b\x7f"), S("\"quoted\" \\ back"),
          S("`back`"), S("\u2028\u00ad\ufeff"), S("\U0001F600 emoji"), S("\u00e9\u0301"), S("\ue000 private"),
          S("\U000e0001 tag"), S("a\tb"), GS("eda080"), GS("61edb080"), GS("efbfbd")]:
    for f in ["%s", "%q", "%+q", "%#q", "%#+q", "%x", "%X", "% x", "%# x", "%#X", "%.2s", "%.1q", "%8s|", "%-8s|",
              "%08s", "%8q|", "%.2x", "%v", "%#v", "%T", "%5.1s|", "%d"]:
        if "gostring" in v and "." in f:
            continue  # Go can cut inside a lone surrogate's bytes; a Java string cannot
        c(f, v, name="own strings")

for v in [BYTES("ff"), BYTES("c3"), BYTES("e29882ff"), BYTES("eda080"), BYTES("efbbbf61"), BYTES("0960")]:
    for f in ["%s", "%q", "%+q", "%#q", "%x", "% X", "%v", "%#v", "%d", "%c", "%.1s", "%.1q", "%5s|", "%T"]:
        c(f, v, name="own bytes")

# Error forms and argument handling.
c("%d"); c("%d %d", I(1)); c("%s", I(1), S("x")); c("%d", I(1), I(2), N, S("s"), L(I(1)))
c("%"); c("abc%"); c("%-"); c("%5"); c("%.5"); c("%[1]"); c("%!"); c("%%"); c("%5%"); c("%-5%|")
c("%[2]d %[1]d", S("a"), I(2)); c("%[2]v", I(1)); c("%[0]v", I(1)); c("%[x]v", I(1)); c("%[1]v %v", I(1), I(2))
c("%[1]v %v %v", I(1), I(2)); c("%*d", S("x"), I(1)); c("%.*d", F(1.5), I(1)); c("%*.*f", I(8), I(2), F(3.14159))
c("%[3]*.[2]*[1]f", F(12), I(2), I(6)); c("%v %v", N, N); c("%d", N); c("%s", N); c("%T %T", N, I(1))
c("no verbs", I(1)); c("no verbs", N); c("%v", L(N)); c("%d", L(N, S("a"), F(1.5))); c("%x", M(a=I(10), b=S("hi")))
c("%s", M(a=I(1))); c("%d", T(S("a"), I(2), ptr=True)); c("%s", L(T(I(1), I(2), ptr=True)))
c("%x", L(T(I(1), I(2), ptr=True))); c("%#v", L(T(I(1), I(2), ptr=True))); c("%+v", M(k=T(N, I(1), ptr=True)))
c("%v", L(BYTES("0102"))); c("%#v", L(BYTES("0102"))); c("%s", L(BYTES("6869"))); c("%x", L(BYTES("6869")))
c("%5v", L(N, I(1))); c("%5d", L(I(1), I(22))); c("%-4v|", M(a=I(1))); c("%05v", L(F(1.5), S("x")))
c("%q", L(S("a"), S("b\n"))); c("%#q", L(S("a`"), S("b"))); c("%x", L(S("hi"), I(255)))
c("%w", L(I(1))); c("%w", T(I(1), I(2))); c("%w", N); c("%w", I(1)); c("%!", I(1)); c("%é", I(1))
c("%\u4e16", S("x")); c("%10.3q|", S("abcdef")); c("%-10x|", S("hi")); c("%010x", S("hi")); c("%.0x|", S("hi"))
c("%10x|", S("")); c("%#10x|", S("hi")); c("% 10X|", S("hi"))
c("%v %v", M(**{"é": I(1), "z": I(2), "\U0001F600": I(3), "\uffff": I(4), "A": I(5), "a": I(6), "": I(7)}), I(0))
c("%+v", secret); c("%#v", secret); c("%v", L(secret)); c("%+v", L(secret)); c("%T", L(secret))
c("%v", T(T(I(1), I(2)), T(I(3), I(4), ptr=True))); c("%+v", T(T(I(1), I(2)), T(I(3), I(4), ptr=True)))
c("%#v", T(T(I(1), I(2)), T(I(3), I(4), ptr=True))); c("%#v", M(a=N, b=L(N, M())))
c("%v|%s|%d", S("a"), S("b"), I(3)); c("%6.2f%%", F(99.5)); c("%3c|%-3c|", I(65), I(0x4e16))
c("%c", I(-1)); c("%c", I(0x110000)); c("%c", I(0xD800)); c("%q", I(0xD800)); c("%q", I(-1)); c("%U", I(-1))
c("%#U", I(0x1F600)); c("%#U", I(0x7f)); c("%q", I(0x7f)); c("%+q", I(0xe9)); c("%q", I(39)); c("%q", I(34))
c("%x", U64("18446744073709551615")); c("%#v", U64("18446744073709551615")); c("%d", U64("9223372036854775808"))
c("%v", BIG("-123456789012345678901234567890")); c("%x", BIG("123456789012345678901234567890"))
c("%40d|", BIG("123456789012345678901234567890")); c("%+d", BIG("123456789012345678901234567890"))
c("%08.3f|%-8.3f|%+.1e", F(3.14159), F(-2.5), F(12345.678))

# Sprint and Sprintln.
sp(); sp(N); sp(S("a"), S("b")); sp(I(1), I(2)); sp(S("a"), I(1), S("b")); sp(I(1), S("a"), I(2)); sp(N, N)
sp(I(1), N, S("x"), N); sp(F(1.5), B(True), L(I(1)), M(a=I(1))); sp(S(""), I(1), S(""), I(2)); sp(L(S("a")), L(S("b")))
sp(T(I(1), I(2), ptr=True), T(I(1), I(2), ptr=True)); sp(F(1e6), F(1e-7), F(100))
spln(); spln(N); spln(S("a"), S("b")); spln(I(1), S("a"), N, F(2.5)); spln(M(b=I(1), a=L()))

# Go's TestBlank, TestBlankln, TestSlicePrinter, TestEmptyMap.
sp(S("<"), I(1), S(">:"), I(1), I(2), I(3), S("!"), name="go TestBlank")
spln(S("<"), I(1), S(">:"), I(1), I(2), I(3), S("!"), name="go TestBlankln")
sp(L(), name="go TestSlicePrinter"); sp(L(I(1), I(2), I(3)), name="go TestSlicePrinter"); sp(M(), name="go TestEmptyMap")

# Random strings across the Unicode planes for quoting (fixed seed; the cases file is what is committed).
import random
rnd = random.Random(1127)
def rand_cp():
    r = rnd.random()
    if r < 0.3: return rnd.randrange(0, 0x80)
    if r < 0.6: return rnd.randrange(0x80, 0x800)
    if r < 0.85:
        cp = rnd.randrange(0x800, 0x10000)
        return cp if not 0xD800 <= cp <= 0xDFFF else 0x41
    return rnd.randrange(0x10000, 0x110000)
for i in range(150):
    text = "".join(chr(rand_cp()) for _ in range(rnd.randrange(1, 8)))
    for f in ["%q", "%+q", "%#q", "%x", "%.3q", "%-12s|"]:
        c(f, S(text), name="own random strings")
    c("%q %+q %U %#U %c", I(ord(text[0])), I(ord(text[0])), I(ord(text[0])), I(ord(text[0])), I(ord(text[0])),
      name="own random runes")

# Printf as templates use it.
c("%s:%d", S("db.internal"), I(5432)); c("%-20s|%8.2f|", S("lease"), F(2764800)); c("%05.1f%%", F(99.44))
c("export %s=%q", S("DB_PASSWORD"), S("p@ss w0rd\"$")); c("%v/%v", S("secret"), L(S("a"), I(1)))
c("%s", L(S("a"), S("b"))); c("%d items", I(3)); c("%t", B(False)); c("%.3s", S("abcdef"))
c("%x", S("hunter2")); c("%X", S("hunter2")); c("% x", S("hunter2")); c("%08b", I(5)); c("%o", I(8))
c("%3d|%-3d|%03d", I(7), I(7), I(7)); c("%+.2e", F(-12345.6789)); c("%g", F(100000)); c("%g", F(1000000))
c("%v %v %v", F(1e-4), F(1e-5), F(0.000123456)); c("%.1f", F(0.05)); c("%.2f", F(1.005)); c("%.2f", F(2.675))
c("%6.3v|", F(3.14159)); c("%v", F(-1e-320)); c("%e", F(5e-324)); c("%.60f", F(0.1)); c("%.25e", F(1/3))
c("%.0e", F(5e-324)); c("%.400f", F(1e-300))


def write(ported_path):
    ported = [json.loads(line) for line in open(ported_path, encoding="utf-8")]
    out_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../resources/gofmt/cases.json")
    all_cases = ported + cases
    with open(out_path, "w", encoding="utf-8") as out:
        out.write("[\n")
        for i, case in enumerate(all_cases):
            out.write("  " + json.dumps(case, ensure_ascii=False) + ("," if i < len(all_cases) - 1 else "") + "\n")
        out.write("]\n")
    print(f"{len(all_cases)} cases ({len(ported)} from Go's tests)")


if __name__ == "__main__":
    write(sys.argv[1])
