# Random HCL inputs for fuzz.sh: token soup and block-shaped configs. usage: gen_hcl.py SEED COUNT (writes ./fixtures)
import random, os, sys
random.seed(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
frags = ['a', 'b', 'foo', 'bar-baz', 'x.y', '"q"', '"k v"', '=', '=', '=', '{', '}', '{', '}', '[', ']', ',', ',',
 '1', '0640', '0x1F', '-3', '1.5', '1e3', '.5', '08', '0', 'true', 'false', '"str"', '"a\\nb"', '"${x}"', '"${a("}")}"',
 '"\\u00e9"', '"\\x41"', '"\\101"', '"un', '\n', '\n', ' ', ' ', '\t', '# c\n', '// c\n', '/* c */', '/* c\n c */', '/',
 '<<EOT\nhi\nEOT\n', '<<-EOT\n  hi\n  EOT\n', '<<EOT\n', 'EOT\n', '-', '+', '@', 'é', '"${', '}"', '\\', '"\\q"', '1e', '0x',
 '"$${x}"', '""', '"{"', '"${"}"}"', '\r\n', '<<', '<<-', '<<-X\n\ta\n X\n', '9999999999999999999', '1.e5', '0159', '00',
 '<<-EOT\n    a\n  b\n    EOT\n', '<<EOT\n  x\n  EOT\n', '<<-EOT\nEOT\n', '<<EÉ\nq\nEÉ\n', '"é😀"', 'ключ', '\r', '"\U0001F600"',
 '"${a\n}"', '"\\"', '"\\x"', '"\\400"', '\x00', '\ufeff', '"${{}}"', '0x', '0X1', '-0', '-.5', '1e+', '"\t"']
os.makedirs('fixtures', exist_ok=True)
for i in range(int(sys.argv[2]) if len(sys.argv) > 2 else 400):
    n = random.randint(1, 25)
    if random.random() < 0.5:
        # structured-ish
        s = ''
        for _ in range(random.randint(1, 5)):
            k = random.choice(['a', 'b', 'c "l"', 'A "l"', 'a "m" "n"', 'B', 'a', 'b', 'c', 'c "k"', '"a"', 'b "x"'])
            if ' ' in k:
                s += k + ' ' + random.choice(['{ x = 1 }', '{}', '{ a = "x" b { c = 1 } }', '{ y = [1] }', '{ q "r" { } }'])
            else:
                s += k + random.choice([' = ', ' ', ' = ', ' = '])
                s += random.choice(['1', '"s"', '{ x = 1 }', '{}', '[1, 2]', '[{y = 2}]', '2.5', 'true', '{ a = "x" b { c = 1 } }', '[[1], [2,]]', '"7"', '<<EOT\nz\nEOT\n', '0x10', '"0x10"', 'false', '[]'])
            s += random.choice(['\n', ' ', ',', '\n\n'])
        if random.random() < 0.2:
            pos = random.randint(0, len(s))
            s = s[:pos] + random.choice(frags) + s[pos:]
    else:
        s = ''.join(random.choice(frags) + random.choice(['', ' ', '\n']) for _ in range(n))
    if s.lstrip().startswith('{'):
        s = 'k ' + s
    open('fixtures/f%04d.hcl' % i, 'w').write(s)
