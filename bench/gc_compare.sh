#!/bin/sh
# Compares the collectors on allocation-heavy benchmarks: gen vs boehm, gen vs none, and gen vs
# the C malloc/free reference where there is one; then the peak RSS of each (median of 3).
#     bench/gc_compare.sh [NAMES] [REPS]      (default: binary_trees,json_parse,dict_words 5)
# Uses target/release/rpy (build it first: cargo build --release) and ../shared/bench.
set -e
names=${1:-binary_trees,json_parse,dict_words}
reps=${2:-5}
root="$(cd "$(dirname "$0")/.." && pwd)"
bench="$root/../shared/bench"
out=$(mktemp -d)
for name in $(echo "$names" | tr , ' '); do
    for gc in gen boehm none; do
        "$root/target/release/rpy" build -q --gc "$gc" "$bench/$name.py" -o "$out/$name.$gc"
    done
    if [ -f "$bench/c/$name.c" ]; then
        gcc -O2 -o "$out/$name.cref" "$bench/c/$name.c" -lm
        crefs="$crefs,$name"
    fi
done
run() { "$bench/run" --names "$1" --reps "$reps" --warmup 1 --impl "$out/{name}.$2" --vs "$out/{name}.$3" | tail -n +1; }
echo "== gen / boehm (time ratio, median of $reps pairs)"; run "$names" gen boehm
echo "== gen / none"; run "$names" gen none
crefs=${crefs#,}
if [ -n "$crefs" ]; then echo "== gen / C reference"; run "$crefs" gen cref; fi
echo "== peak RSS (KB, median of 3)"
for name in $(echo "$names" | tr , ' '); do
    line="  $name"
    for v in gen boehm none cref; do
        [ -x "$out/$name.$v" ] || continue
        for i in 1 2 3; do /usr/bin/time -f "%M" -a -o "$out/$name.$v.mem" "$out/$name.$v" >/dev/null; done
        line="$line  $v $(sort -n "$out/$name.$v.mem" | sed -n 2p)"
    done
    echo "$line"
done
rm -rf "$out"
