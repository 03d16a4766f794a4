# GC: exceptions raised and caught in loops, generators holding objects across yields, and
# sorting with key functions and a user __lt__ that allocate, all under GC pressure.

class Problem(Exception):
    def __init__(self, payload):
        self.payload = payload


class P:
    def __init__(self, a, b):
        self.a = a
        self.b = b

    def __lt__(self, other):
        # allocates while the sort runs
        mine = [self.a, self.b]
        theirs = [other.a, other.b]
        return mine < theirs


def risky(i):
    if i % 3 == 0:
        raise Problem([i, i + 1, i + 2])
    return [i]


def gen_objects(n):
    i = 0
    while i < n:
        obj = P(i % 17, i)
        junk = [obj, obj]
        yield junk[1]
        i += 1


def main(argv):
    caught = 0
    kept = []
    i = 0
    while i < 3000:
        try:
            kept.append(risky(i)[0])
        except Problem as e:
            caught += e.payload[2]
        i += 1
    print("exceptions", caught, len(kept))
    total = 0
    for p in gen_objects(3000):
        total += p.a * p.b
    print("generator", total)
    items = [P((k * 37) % 101, k) for k in range(1500)]
    items.sort()
    print("sorted", items[0].a, items[0].b, items[-1].a, items[-1].b)
    names = ["n" + str((k * 53) % 211) for k in range(1500)]
    names.sort(key=lambda s: s[::-1] + "x")
    print("by key", names[0], names[-1])
    ps = sorted(items, key=lambda p: str(p.b % 13) + "/" + str(p.a))
    print("sorted copy", ps[0].a, ps[0].b, ps[-1].a, ps[-1].b)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
