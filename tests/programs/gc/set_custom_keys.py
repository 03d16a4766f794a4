# Sets and dicts of instances with their own __eq__ and __hash__ that allocate (so a
# collection can happen in the middle of a set operation).


class Key:
    def __init__(self, name, n):
        self.name = name
        self.n = n

    def __eq__(self, other):
        return (self.name + "!") == (other.name + "!") and [self.n] == [other.n]

    def __hash__(self):
        return hash(str(self.n % 7) + "-" + self.name)

    def __repr__(self):
        return "Key(%s, %d)" % (self.name, self.n)


def keys(lo, hi):
    return set([Key("k" + str(i), i) for i in range(lo, hi)])


def show(s):
    return sorted([k.n for k in s])


def main(argv):
    total = 0
    for round in range(30):
        a = keys(0, 40 + round)
        b = keys(20, 70)
        u = a | b
        i = a & b
        d = a - b
        x = a ^ b
        total += len(u) + 2 * len(i) + 3 * len(d) + 5 * len(x)
        if round % 10 == 0:
            print(show(i)[:5], show(d)[:5], show(x)[-5:], len(u))
        c = a.copy()
        c.update(b)
        c.intersection_update(keys(10, 30))
        c.difference_update(keys(15, 20))
        c.symmetric_difference_update(keys(25, 35))
        total += len(c) + (1 if a.issubset(u) else 0) + (1 if i.isdisjoint(d) else 0)
        m = {}
        for k in u:
            m[k] = k.n
        total += sum([m[Key("k" + str(j), j)] for j in range(20, 30)])
    print("total", total)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
