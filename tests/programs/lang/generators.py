# Generators: yield in loops, state kept across yields, early return, several independent
# generators, generators consumed by for and by next().

def count_up(n):
    i = 0
    while i < n:
        yield i
        i += 1


def fib_gen(limit):
    a, b = 0, 1
    while a < limit:
        yield a
        a, b = b, a + b


def evens_then_stop(xs):
    for x in xs:
        if x < 0:
            return
        if x % 2 == 0:
            yield x * 10


class Tree:
    def __init__(self, value, children):
        self.value = value
        self.children = children


def walk(t, depth):
    yield t.value * 100 + depth
    for c in t.children:
        for v in walk(c, depth + 1):
            yield v


def main(argv):
    for i in count_up(4):
        print("i", i)
    total = 0
    for f in fib_gen(100):
        total += f
    print("fib total", total)
    for e in evens_then_stop([2, 3, 4, -1, 6]):
        print("e", e)
    g1 = count_up(3)
    g2 = count_up(3)
    print(next(g1), next(g1), next(g2))
    t = Tree(1, [Tree(2, []), Tree(3, [Tree(4, [])])])
    for v in walk(t, 0):
        print("node", v)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
