# Lambdas and nested functions: constant default arguments, late binding in loops and
# comprehensions, closures over self and over mutable containers, recursive nested functions,
# closures returning closures, immediately called lambdas.


class Scaler:
    def __init__(self, factor):
        self.factor = factor

    def make(self):
        return lambda x: x * self.factor

    def apply_all(self, xs):
        def one(x):
            return x * self.factor + len(xs)
        return [one(x) for x in xs]


def compose(f, g):
    return lambda x: f(g(x))


def make_acc(start):
    items = [start]

    def add(x):
        items.append(x)
        return sum(items)
    return add


def fact_of(n):
    def fact(k):
        if k <= 1:
            return 1
        return k * fact(k - 1)
    return fact(n)


def adder(a):
    def mid(b):
        def inner(c):
            return a + b + c
        return inner
    return mid


def main(argv):
    late = []
    for i in range(3):
        late.append(lambda: i * 10)
    print([f() for f in late])
    early = []
    for i in range(3):
        early.append(lambda k=7: k * 10)
    print([f() for f in early], early[0](1))
    comp = [lambda: 5 for j in range(4)]
    print([f() for f in comp])
    defs = []
    for w in ["a", "bb"]:
        def show(prefix=">"):
            return prefix + w
        defs.append(show)
    print([f() for f in defs], defs[0]("#"))
    s = Scaler(3)
    triple = s.make()
    print(triple(5), s.apply_all([1, 2]))
    s.factor = 4
    print(triple(5))
    inc = lambda x: x + 1
    dbl = lambda x: x * 2
    print(compose(inc, dbl)(5), compose(dbl, inc)(5), compose(compose(inc, inc), dbl)(1))
    acc = make_acc(10)
    acc(1)
    print(acc(2), acc(3))
    print(fact_of(10), adder(1)(20)(300), (lambda a, b=5: a * b)(3), (lambda: "no args")())
    pairs = [("b", 2), ("a", 2), ("c", 1)]
    weight = {"a": 0, "b": 1, "c": 2}
    print(sorted(pairs, key=lambda p: (p[1], weight[p[0]])), max(pairs, key=lambda p: weight[p[0]]))
    threshold = 2
    keep = [p for p in pairs if (lambda v: v >= threshold)(p[1])]
    threshold = 1
    print(keep, [p[0] for p in pairs if (lambda v: v >= threshold)(p[1])])
    table = {"sq": lambda x: x * x, "neg": lambda x: -x, "id": lambda x: x}
    print([table[k](7) for k in sorted(table)])
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
