# Random HCL1-JSON inputs for fuzz.sh, some with a stray character. usage: gen_json.py SEED COUNT (writes ./jfixtures)
import random, os, sys
random.seed(int(sys.argv[1]))
def val(d):
    r = random.random()
    if d > 3 or r < 0.45:
        return random.choice(['1', '0', '-3', '1.5', '1e3', '"s"', '"${x}"', '"a\\nb"', 'true', 'false', 'null', '"\\u00e9"', '""', '01', '"x"', '-0'])
    if r < 0.75:
        return obj(d + 1)
    return '[' + ', '.join(val(d + 1) for _ in range(random.randint(0, 3))) + random.choice(['', ',']) + ']'
def obj(d):
    items = []
    for _ in range(random.randint(0, 4)):
        items.append('"%s": %s' % (random.choice(['a', 'b', 'A', 'c', 'method', 'aws']), val(d)))
    return '{' + random.choice([', ', ',', ' ']).join(items) + '}'
os.makedirs('jfixtures', exist_ok=True)
junk = ['', ',', ':', ']', '}', '[', '{', '"', 'x', '\n', '"k":', ' 1 ', '\\']
for i in range(int(sys.argv[2])):
    s = obj(0)
    if random.random() < 0.3:
        p = random.randint(1, len(s))
        s = s[:p] + random.choice(junk) + s[p:]
    open('jfixtures/j%04d.json' % i, 'w').write(s + random.choice(['', '\n', ' tail']))
