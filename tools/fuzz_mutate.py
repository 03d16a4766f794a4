#!/usr/bin/env python3
"""Mutation fuzzing of the translator: takes the test programs and the conformance cases, mutates
one line (deletes, truncates, swaps or duplicates lines; replaces a name, number or operator),
translates the result with target/debug/rpy and reports
  BAD   a panic, an internal error, or a failure without a message,
  CRASH a translated binary killed by a signal or a fatal runtime error,
  DIFF  a translated program whose output or exit status differs from CPython's.
Some DIFFs are expected: argv[0], addresses in default reprs, 64-bit int wrap-around, str hash
order of sets, timing. Usage: tools/fuzz_mutate.py SEED TRIALS   (build rpy first)
"""
import random, subprocess, glob, os, sys, tempfile
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = tempfile.mkdtemp(prefix='rpy-fuzz-')
RPY = os.path.join(ROOT, 'target', 'debug', 'rpy')
random.seed(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
files = sorted(glob.glob(os.path.join(ROOT, 'tests/programs/**/*.py'), recursive=True)) + sorted(glob.glob(os.path.join(ROOT, '../shared/conformance/run/*.py')))
bad = 0
for trial in range(int(sys.argv[2]) if len(sys.argv) > 2 else 200):
    f = random.choice(files)
    lines = open(f).read().split('\n')
    kind = random.randrange(6)
    if kind == 0 and len(lines) > 3:
        del lines[random.randrange(len(lines))]
    elif kind == 1:
        i = random.randrange(len(lines)); lines[i] = lines[i][:random.randrange(len(lines[i]) + 1)]
    elif kind == 2:
        i = random.randrange(len(lines)); j = random.randrange(len(lines)); lines[i], lines[j] = lines[j], lines[i]
    elif kind == 4:
        i = random.randrange(len(lines)); lines.insert(i, lines[random.randrange(len(lines))])
    elif kind == 5:
        import re
        i = random.randrange(len(lines)); ops = ['+', '-', '*', '//', '%', '<', '==', ' and ', ' or ', ' in ', '[0]', '.x', '()', ', 1']
        m = list(re.finditer(r'\+|-|\*|//|%|<|==| and | or | in |\[[^\]]*\]|\.[a-z_]+|\(\)', lines[i]))
        if m:
            mm = random.choice(m); lines[i] = lines[i][:mm.start()] + random.choice(ops) + lines[i][mm.end():]
    else:
        i = random.randrange(len(lines)); toks = ['None', '0', '"s"', '[]', '{}', '1.5', 'x', '(1, 2)']
        line = lines[i]
        import re
        m = list(re.finditer(r'\b[a-z_][a-z_0-9]*\b|\b\d+\b', line))
        if m:
            mm = random.choice(m); line = line[:mm.start()] + random.choice(toks) + line[mm.end():]
        lines[i] = line
    orig = open(f).read().split('\n')
    tail = lambda ls: '\n'.join(ls[next((k for k, l in enumerate(ls) if l.startswith('if __name__')), len(ls)):])
    if tail(orig) != tail(lines):
        continue   # rpy calls main(argv) itself: the __main__ block is CPython's only
    src = os.path.join(OUT, 'case_%d_%s' % (trial, os.path.basename(f)))
    open(src, 'w').write('\n'.join(lines))
    d = os.path.dirname(f)
    # keep imports working: copy sibling modules
    p = subprocess.run([RPY, 'build', '-q', src, '-o', os.path.join(OUT, 'out')], capture_output=True, text=True, timeout=120, cwd=d)
    err = p.stderr
    if 'panicked' in err or 'error[internal' in err or p.returncode not in (0, 1) or (p.returncode != 0 and not err.strip()):
        bad += 1
        print('BAD', src, p.returncode, err[-600:])
    elif p.returncode == 0:
        try:
            r = subprocess.run([os.path.join(OUT, 'out')], capture_output=True, text=True, timeout=10, cwd=d, input='')
            if r.returncode < 0 or r.returncode >= 128 or 'fatal: rpy' in r.stderr:
                bad += 1
                print('CRASH', src, r.returncode, r.stderr[-400:])
            else:
                try:
                    q = subprocess.run(['python3', src], capture_output=True, text=True, timeout=20, cwd=d, input='', env=dict(os.environ, PYTHONPATH=os.path.join(ROOT, 'stdlib'), PYTHONHASHSEED='0'))
                    pl = (q.stderr.strip().split('\n') or [''])[-1]
                    rl = (r.stderr.strip().split('\n') or [''])[-1]
                    if q.stdout != r.stdout or q.returncode != r.returncode or (q.returncode != 0 and pl.split(':')[0] != rl.split(':')[0]):
                        bad += 1
                        print('DIFF', src, 'py', q.returncode, pl[:200], '| rpy', r.returncode, rl[:200])
                    else:
                        os.remove(src)
                except subprocess.TimeoutExpired:
                    os.remove(src)
        except subprocess.TimeoutExpired:
            os.remove(src)
    else:
        os.remove(src)
print('bad', bad, '(failing cases kept in %s)' % OUT)
