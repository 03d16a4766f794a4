# How many times dicts and sets call a key's __eq__ (which allocates, so a collection can move
# the keys and the dict's tables while it runs) must not depend on the collector: a probe
# starts over only when user code really changed the dict.


class K:
    def __init__(self, name, n, calls):
        self.name = name
        self.n = n
        self.calls = calls

    def __eq__(self, other):
        self.calls[0] += 1
        return [self.n] == [other.n] and (self.name + "") == (other.name + "")

    def __hash__(self):
        return self.n % 3


def main(argv):
    calls = [0]
    total = 0
    for round in range(30):
        d = {}
        ks = [K("k" + str(i), i, calls) for i in range(4 + round % 6)]
        for k in ks:
            d[k] = k.n
        for i in range(len(ks)):
            total += d[K("k" + str(i), i, calls)]
        s = set(ks)
        total += 1 if K("k2", 2, calls) in s else 0
        del d[K("k1", 1, calls)]
        total += len(d)
        if round % 10 == 0:
            print(round, total, calls[0])
    print("total", total, "calls", calls[0])
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
