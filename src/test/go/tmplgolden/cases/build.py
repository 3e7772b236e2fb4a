# Builds ../../../resources/gotmpl/cases.json from the case lists in this directory.
# go_exec_tests.py: ported from Go 1.19 text/template exec_test.go; more_cases.py: cmpTests, parse_test.go and our own.
import json, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from go_exec_tests import EXEC, NOD, T
from more_cases import C, CMP, OWN, PARSE_TREES, STRUCTS, MORE, MORE2, NUMBERS, LEX
cases = []
def add(name, tpl, data=NOD, **opts):
    c = {"name": name, "template": tpl}
    if data is not NOD and data is not None:
        c["data"] = data
    for k, v in opts.items():
        c[k] = v
    cases.append(c)
for n, t, d in EXEC:
    add("exec/" + n, t, d, source="go1.19 text/template exec_test.go execTests")
for e in CMP:
    add("cmp/" + e, "{{if %s}}true{{else}}false{{end}}" % e, C, source="go1.19 text/template exec_test.go cmpTests")
for n, t, d, o in OWN:
    # "parse ..." cases are mostly ported from parse_test.go's parseTests/errorTests; the rest are our own.
    add(("err/" if n.startswith("parse ") else "own/") + n, t, d, **o)
for n, t in PARSE_TREES:
    add("parse/" + n[5:], t, NOD, source="go1.19 text/template/parse parse_test.go parseTests")
for n, t in STRUCTS:
    add('struct/' + n, t)
for n, t, d, o in MORE:
    add(n, t, d, **o)
for n, t, d, o in MORE2:
    add(n, t, d, **o)
for num in NUMBERS:
    add('number/' + num, '{{print %s}} {{typeOf %s}}' % (num, num))
for i, t in enumerate(LEX):
    add('lex/%03d %s' % (i, t.replace('\n', ' ')[:30]), t, [1, 2] if 'range' in t else {"x": 1})
json.dump(cases, open(sys.argv[1], 'w'), indent=1, ensure_ascii=False)
print(len(cases))
