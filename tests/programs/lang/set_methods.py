# set methods beyond the operators: in-place update methods, pop, copy, clear, comparisons
# with lists, and their errors; printed sorted.


def show(label, s):
    print(label, sorted(s), len(s))


def main(argv):
    a = {1, 2, 3}
    a.update([3, 4], (5,), range(6, 8))
    show("update", a)
    a.intersection_update([1, 2, 3, 4, 5, 6, 99])
    show("intersection_update", a)
    a.difference_update({1}, [2])
    show("difference_update", a)
    a ^= {6, 7, 8}
    show("symmetric_difference_update", a)
    b = a.copy()
    b.add(100)
    show("copy", b)
    show("orig", a)
    single = {42}
    print(single.pop(), single, len(single), set(), {1}, {"x"})
    b.clear()
    show("cleared", b)
    try:
        single.pop()
    except KeyError as e:
        print("KeyError:", e)
    try:
        a.remove(12345)
    except KeyError as e:
        print("KeyError:", e)
    words = {"bb"}
    try:
        words.remove("zz")
    except KeyError as e:
        print("KeyError:", e)
    print(sorted(a.union()), a.intersection(a) == a, a.difference() == a, a.issubset(a), a < a, a <= a, a >= set())
    print(set() < a, set().issubset([]), a.isdisjoint([]), a.issuperset(range(0)), a.union([1]) > a)
    s = set("mississippi")
    print("chars", sorted(s), len(s))
    print("unicode", sorted(set("naïve café 😀😀")))
    t = {(1, "a"), (2, "b"), (1, "a")}
    print("tuples", sorted(t), len(t))
    g = set(x * x % 7 for x in range(20))
    show("gen", g)
    print(min(g), max(g), sum(g), 3 in g, 5 not in g, sorted(g, reverse=True))
    e = set()
    e |= {1}
    e ^= {1, 2}
    e &= {2, 3}
    e -= {3}
    show("ops on empty", e)
    fs = {0.5, 1.5, -0.0}
    print("floats", sorted(fs), len(fs))
    bs = {b"x", b"y", b"x"}
    print("bytes", sorted(bs), len(bs))
    print({1, 2} == {2, 1}, {1, 2} != {1, 2, 3}, {"a"} | {"b"} == {"a", "b"})
    seen = set()
    order = []
    for w in "to be or not to be that is".split():
        if w not in seen:
            seen.add(w)
            order.append(w)
    print(order, len(seen))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
