# User __eq__ that removes from the set an intersection is walking the very element being
# looked up: the runtime holds that key, as CPython does, rather than re-reading the entry
# (by then a deleted entry's empty slot: a null key went into the result).


class K:
    def __init__(self, n, victim):
        self.n = n
        self.victim = victim

    def __eq__(self, other):
        v = self.victim[0]
        if len(v) > 0 and self.n == 3:
            self.victim[0] = set()
            for k in list(v):
                if k.n == 3:
                    v.remove(k)
        return self.n == other.n

    def __hash__(self):
        return self.n % 2


def ns(s):
    return sorted([k.n for k in s])


def main(argv):
    for n in range(4, 8):
        holder = [set()]
        a = set([K(i, [set()]) for i in range(n)])
        b = set([K(i, holder) for i in range(n + 1)])
        holder[0] = a
        print(ns(a & b), ns(a), ns(a - b))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
