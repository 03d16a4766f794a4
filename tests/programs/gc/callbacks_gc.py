# Runtime operations that call back into user code (__eq__, __hash__, __lt__, key functions)
# which allocates, so a collection can move objects in the middle of the operation.


class P:
    def __init__(self, name, n):
        self.name = name
        self.n = n

    def __eq__(self, other):
        return [self.n] == [other.n] and (self.name + "") == (other.name + "")

    def __hash__(self):
        return hash(self.name + str(self.n))

    def __lt__(self, other):
        return [self.n] < [other.n] or (self.n == other.n and self.name + "" < other.name)

    def __repr__(self):
        return "P(%s,%d)" % (self.name, self.n)


def ps(count, step):
    return [P("p" + str((i * step) % count), (i * step) % count) for i in range(count)]


def main(argv):
    total = 0
    for round in range(20):
        xs = ps(50, 7)
        ys = sorted(xs)
        zs = sorted(xs, key=lambda p: str(100 - p.n) + "x", reverse=True)
        xs.sort()
        total += ys[0].n + zs[0].n + xs[-1].n
        total += xs.index(P("p10", 10)) + ys.count(P("p3", 3))
        total += 1 if P("p49", 49) in xs else 0
        xs.remove(P("p20", 20))
        total += len(xs) + (1 if xs == ys else 0) + (1 if xs[:5] == ys[:5] else 0)
        big = max(ys, key=lambda p: [p.n % 13, p.n])
        small = min(ys)
        total += big.n + small.n
        d = {}
        for p in ys:
            d[p] = [p.n] * 3
        e = dict(d)
        f = d.copy()
        total += (1 if d == e else 0) + len(f) + len(dict.fromkeys(ys, 0))
        s = {P(p.name, p.n) for p in ys}
        total += len(s) + (1 if set(ys) == s else 0)
        t = (ys[0], ys[1])
        total += 1 if (P("p0", 0), P("p1", 1)) == (t[0], t[1]) else 0
        if round % 5 == 0:
            print(ys[:3], zs[:2], big, small, total)
    print("total", total)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
