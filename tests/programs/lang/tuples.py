# Tuples: slicing with constant bounds, concatenation of mixed item types, comparisons, hashing
# as dict and set keys, unpacking from lists and strings, nested tuples in containers, and the
# errors of unpacking.


def stats(xs):
    return min(xs), max(xs), sum(xs), len(xs)


def swap_pairs(ps):
    return [(b, a) for a, b in ps]


def main(argv):
    t = (3, 1, 4, 1, 5, 9, 2, 6)
    print(t[-3:], t[5:100], t[:0], t[2:-2])
    print(len(t), 9 in t, 8 not in t, max(t), min(t), sum(t), sorted(t), list(t[2:4]))
    m = (1, "one", 1.0, True, None, b"x", [1, 2])
    print(m, m[1], m[-2], m[6][1], len(m))
    joined = (1, "a") + (2.5,) + ((), (1,))
    print(joined, (0,) * 3, () * 5, () + (), (("deep",),))
    print((1, 2) == (1, 2), (1, "a") < (1, "b"), (1, 2, 3) > (1, 2), () < (0,), (2.5, "x") <= (2.5, "x"))
    print(max([(1, "b"), (1, "a"), (0, "z")]), sorted([("b", 2), ("a", 3), ("b", 1)]), min((5, 1), (4, 9)))
    seen = {(0, 0): "origin"}
    seen[(1, -1)] = "diag"
    key = (1, -1)
    print(seen[key], (0, 0) in seen, (2, 2) in seen, sorted(seen), hash((1, 2)) == hash((1,) + (2,)))
    grid = set()
    for i in range(3):
        grid.add((i, i * i))
        grid.add((i, i * i))
    print(sorted(grid), len(grid))
    a, b, c = [10, 20, 30]
    d, e = "xy"
    (f, g), h = "pq", 5
    i, (j, k) = 1, [2, 3]
    print(a, b, c, d, e, f, g, h, i, j, k)
    lo, hi, total, n = stats([4, -1, 7])
    print(lo, hi, total, n, stats([2]))
    print(swap_pairs([(1, "a"), (2, "b")]))
    nested = [((1, 2), "p"), ((3, 4), "q")]
    for (x, y), label in nested:
        print(label, x + y)
    words = {"k": (1, "v")}
    num, txt = words["k"]
    print(num, txt, words["k"][1])
    xs = [1, 2, 3]
    try:
        a, b = xs
        print("unpacked", a, b)
    except ValueError as err:
        print("ValueError:", err)
    try:
        a, b, c, d2 = xs
        print("unpacked", a, b, c, d2)
    except ValueError as err:
        print("ValueError:", err)
    single = (1,)
    one, = single
    print(one, single, str(single), repr(()), str((None, "s")), ("é", "\n"))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
