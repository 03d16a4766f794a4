# Nested functions and lambdas reading enclosing variables, with late binding; closures as
# values mixed with plain functions in one call family.

def make_adder(n):
    def add(x):
        return x + n
    return add


def make_counter_view():
    count = 0

    def show():
        return "count=" + str(count)

    first = show()
    count = 5
    return first + " " + show()


def outer(a):
    def middle(b):
        def inner(c):
            return a * 100 + b * 10 + c
        return inner(b + 1) + inner(0)
    return middle(a + 1)


def double(x):
    return 2 * x


def apply_all(fs, x):
    out = []
    for f in fs:
        out.append(f(x))
    return out


def main(argv):
    add5 = make_adder(5)
    add10 = make_adder(10)
    print(add5(1), add10(1), add5(add10(0)))
    print(make_counter_view())
    print(outer(1), outer(2))
    k = 3
    triple = lambda v: v * k
    print(triple(7))
    k = 4
    print(triple(7))
    print(apply_all([add5, double, triple, lambda v: v - 1], 10))
    square = lambda v: v * v
    print(square(9))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
