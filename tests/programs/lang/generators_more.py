# Generators: return in the middle, yields inside try/except and loops over other generators,
# exhausted generators, generators passed to zip/enumerate/sorted/dict/set/join, generator
# expressions with several for/if clauses, and generator methods that read instance state.


def upto(n):
    i = 0
    while True:
        if i >= n:
            return
        yield i
        i += 1


def safe_div(pairs):
    for a, b in pairs:
        try:
            yield a // b
        except ZeroDivisionError:
            yield -1


def pairs_of(xs):
    prev = None
    for x in xs:
        if prev is not None:
            yield (prev, x)
        prev = x


def flatten(rows):
    for row in rows:
        for v in row:
            yield v


def chain_gens(n):
    for v in upto(n):
        yield v
    for v in upto(n):
        yield v * 100


def words(text):
    start = -1
    for i, ch in enumerate(text):
        if ch.isalpha():
            if start < 0:
                start = i
        elif start >= 0:
            yield text[start:i]
            start = -1
    if start >= 0:
        yield text[start:]


class Counter:
    def __init__(self, step):
        self.step = step

    def values(self, n):
        for i in range(n):
            yield i * self.step


def main(argv):
    print(list(upto(4)), list(upto(0)), sum(upto(101)))
    print(list(safe_div([(7, 2), (1, 0), (-9, 4)])))
    print(list(pairs_of(["a", "b", "c"])), list(pairs_of(["x"])))
    print(list(flatten([[1, 2], [], [3]])), list(chain_gens(3)))
    print(list(words("Hello, wörld!  RPy-2 rocks")), list(words("")), list(words("...")))
    g = upto(3)
    print(list(g), list(g), next(g, -1))
    c = Counter(5)
    print(list(c.values(4)), max(c.values(4)), min(c.values(3)))
    print(list(zip(upto(3), words("a b c d"))), list(enumerate(upto(2), 5)))
    print(sorted(upto(5), reverse=True), dict(zip(words("k v"), upto(2))), sorted(set(x % 3 for x in upto(10))))
    print("-".join(w.upper() for w in words("join these words")), ",".join(str(v) for v in upto(4)))
    print([x * y for x in range(1, 4) for y in range(x, 4) if (x + y) % 2 == 0])
    print(sum(x * y for x in range(4) if x for y in range(3) if y != x), max(len(w) for w in words("a bbb cc")))
    print(list((i, ch) for i, ch in enumerate("héllo") if ch != "l"))
    total = 0
    for v in upto(1000000):
        if v > 5:
            break
        total += v
    print(total)
    it = words("one two three")
    print(next(it), next(it), next(it), next(it, "<none>"))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
