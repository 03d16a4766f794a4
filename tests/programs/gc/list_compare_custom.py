# Lists of instances compared with < and >: the runtime finds the first pair that is not
# equal (user __eq__, which allocates) and then orders that pair (user __lt__).


class V:
    def __init__(self, name, n):
        self.name = name
        self.n = n

    def __eq__(self, other):
        return [self.n, len(self.name)] == [other.n, len(other.name)] and (self.name + "") == (other.name + "")

    def __lt__(self, other):
        return [self.n] < [other.n] or (self.n == other.n and self.name + "" < other.name)


def vs(count, bump):
    r = []
    for i in range(count):
        r.append(V("v" + str(i), i + (1 if i == bump else 0)))
    return r


def main(argv):
    total = 0
    for round in range(40):
        n = 3 + round % 5
        a = vs(n, n - 1)
        b = vs(n, round % n)
        lt = 1 if a < b else 0
        le = 1 if b < a else 0
        gt = 1 if b > a else 0
        ge = 1 if [V("w", round)] + a > [V("w", round)] + b else 0
        total += lt + 2 * le + 4 * gt + 8 * ge + (1 if a[:2] < b[:3] else 0)
        if round % 8 == 0:
            print(round, lt, le, gt, ge)
    print("total", total)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
