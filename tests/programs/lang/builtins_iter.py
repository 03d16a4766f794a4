# Iteration built-ins over every iterable kind: enumerate/zip/reversed/sorted/min/max/any/all
# on strings, tuples, dicts, sets, ranges and generators; range objects; constructors from iterators.


def noisy(xs, log):
    for x in xs:
        log.append(x)
        yield x


def main(argv):
    print(list(enumerate("hé😀", 10)), list(enumerate((7, 8))), list(enumerate({"k": 1, "j": 2})))
    print(list(enumerate(x * x for x in range(3))), list(zip("ab", (1, 2, 3), [True, False])))
    print(list(zip(range(3), (x for x in "xyz"))), list(zip([1], [])), list(zip({"a": 1, "b": 2}, "cd")))
    print(list(reversed("😀é")), list(reversed(range(1, 10, 3))), list(reversed([])))
    r = range(3, 20, 4)
    print(len(r), 7 in r, 8 in r, 19 in r, -1 in r, list(r))
    print(list(range(-3)), len(range(10, 0, -3)), sum(range(1, 101)), max(range(5)))
    print(any([]), all([]), any([0, 0, 1]), all([1, 2, 0]), any(c.isdigit() for c in "ab1"), all(c.isalpha() for c in "ab1"))
    log = []
    print(any(noisy([0, 0, 0], log)), log)
    log2 = []
    print(all(noisy([1, 3, 7], log2)), log2)
    print(sorted("hello"), sorted((3, 1, 2), reverse=True), sorted({"b": 1, "a": 2}), sorted({5, 1, 3}))
    print(sorted(x % 5 for x in range(12)), sorted(["bb", "a", "ccc"], key=len, reverse=True))
    print(min("hello"), max("hello"), min((4, 2)), max({"x": 1, "y": 2}), min(x * -1 for x in range(4)), max(range(3, 9, 2)))
    print(min([[2, 1], [1, 5]]), max(["a", "B"], key=lambda s: s.lower()), min("b", "a", key=lambda s: s))
    print(list("héllo"), list((1, 2)))
    print(sorted(set(x // 2 for x in range(7))), dict((str(i), i) for i in range(3)), dict(enumerate("ab")))
    print(list({"one": 1, "two": 2}), list({"one": 1}.values()), list({"one": 1}.items()), list(iter([4, 5])))
    it = iter(range(3))
    print(next(it), list(it), next(it, -1))
    sit = iter({"p": 0, "q": 1})
    print(next(sit), next(sit), next(sit, "end"))
    tit = iter((1, 2))
    eit = enumerate(["a", "b", "c"])
    print(next(tit), next(eit), next(eit), list(eit))
    zit = zip("ab", "cd")
    print(next(zit), list(zit))
    total = 0
    for i, (a, b) in enumerate(zip(range(5), reversed(range(5)))):
        total += i * a - b
    print(total)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
