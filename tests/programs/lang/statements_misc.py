# Statements: chained assignment, augmented assignment to attributes/items/nested items/slices,
# del of items and slices, assert, while/else and for/else, pass, global reads, swaps of list
# items, chained comparisons that evaluate each operand once, and conditional expressions.

LIMIT = 3
TABLE = [1, 2, 3]
NAMES = {"a": "alpha"}


class Box:
    def __init__(self):
        self.n = 0
        self.items = [1, 2, 3]
        self.child = None


def calls(log, v):
    log.append(v)
    return v


def read_globals():
    global LIMIT
    total = 0
    for v in TABLE:
        if v > LIMIT:
            break
        total += v
    TABLE[0] += 10
    NAMES["b"] = "beta"
    return total + LIMIT


def find(xs, target):
    for i, x in enumerate(xs):
        if x == target:
            print("found at", i)
            break
    else:
        print("not found", target)
    n = 0
    while n < len(xs):
        if xs[n] < 0:
            print("negative at", n)
            break
        n += 1
    else:
        print("no negatives")


def main(argv):
    a = b = c = 7
    a += 1
    print(a, b, c)
    l1 = l2 = []
    l1.append(1)
    print(l1, l2, l1 is l2)
    box = Box()
    box.n += 5
    box.n *= 3
    box.items[1] += 40
    box.items[-1] -= 1
    box.child = Box()
    box.child.n -= 2
    box.child.items[0] <<= 3
    print(box.n, box.items, box.child.n, box.child.items)
    grid = [[0] * 3 for _ in range(2)]
    grid[1][2] += 9
    grid[0][0] -= 1
    d = {"k": [1, 2], "m": [0]}
    d["k"][1] *= 10
    d["m"] += [5]
    print(grid, d)
    xs = list(range(10))
    xs[2:4] = [20, 30, 40]
    xs[-2:] = []
    xs[::3] = [0, 0, 0]
    del xs[1]
    del xs[-3:-1]
    print(xs)
    xs[0], xs[-1] = xs[-1], xs[0]
    i = 0
    i, xs[i] = 1, 99
    print(xs, i)
    assert len(xs) > 0, "never fails"
    assert 1 < len(xs) + 1
    if not xs:
        pass
    elif len(xs) > 100:
        pass
    else:
        print("else branch")
    find([3, 1, 4], 1)
    find([3, 1, 4], 5)
    find([2, -2], 0)
    print(read_globals(), TABLE, NAMES)
    log = []
    print(calls(log, 1) < calls(log, 2) < calls(log, 0) < calls(log, 5), log)
    log2 = []
    print(calls(log2, 3) == calls(log2, 3) != calls(log2, 4), log2)
    v = 15
    print("big" if v > 10 else "small", "fizz" if v % 3 == 0 else "buzz" if v % 5 == 0 else "none")
    print(v if v < 0 else -v if v > 100 else v * 2, [x if x % 2 else -x for x in range(5)])
    s = "x"
    s += "y"
    s *= 3
    t = (1,)
    t += (2,)
    t *= 2
    print(s, t)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
