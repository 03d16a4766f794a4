#!/bin/sh
# Times each phase of translating PROGRAM (median of N runs) and the translator's peak memory,
# with the C and the LLVM backends:
#     bench/translate_times.sh PROGRAM [N]
# Uses target/release/rpy (build it first: cargo build --release).
set -e
prog=$1
n=${2:-5}
rpy="$(dirname "$0")/../target/release/rpy"
out=$(mktemp -d)
for backend in c llvm; do
    for i in $(seq "$n"); do
        "$rpy" build -v --backend "$backend" "$prog" -o "$out/prog" 2>>"$out/$backend.times"
    done
    /usr/bin/time -f "%M" -o "$out/$backend.mem" "$rpy" build -q --backend "$backend" "$prog" -o "$out/prog"
    echo "== $backend: median of $n runs (s); peak RSS $(cat "$out/$backend.mem") KB"
    python3 - "$out/$backend.times" <<'PY'
import sys, statistics, collections
phases = collections.OrderedDict()
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) >= 3 and parts[-1] == "s":
        phases.setdefault(" ".join(parts[:-2]), []).append(float(parts[-2]))
for name, values in phases.items():
    print(f"  {name:<16} {statistics.median(values):8.3f}")
PY
done
rm -rf "$out"
