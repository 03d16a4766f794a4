# GC: dicts and sets with string keys, identity-hashed object keys and object values,
# grown, shrunk and rebuilt while collections move their young contents.

class Key:
    def __init__(self, n):
        self.n = n


class Val:
    def __init__(self, s):
        self.s = s


class Point:
    """A key with __eq__ and __hash__ that allocate (the dict calls them from C)."""

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __eq__(self, other):
        return [self.x, self.y] == [other.x, other.y]

    def __hash__(self):
        return hash(str(self.x) + "," + str(self.y))


def main(argv):
    d = {}
    i = 0
    while i < 3000:
        d["k" + str(i)] = Val("v" + str(i))
        if i % 3 == 0 and i > 0:
            del d["k" + str(i - 1)]
        i += 1
    print(len(d), d["k2999"].s, "k2998" in d, "k2997" in d)
    keys = []
    ids = {}
    s = set()
    i = 0
    while i < 2000:
        k = Key(i)
        keys.append(k)
        ids[k] = Val(str(i * 2))
        s.add(k)
        i += 1
    found = 0
    for k in keys:
        if k in ids and k in s:
            found += len(ids[k].s)
    print("identity", found, len(ids), len(s))
    i = 0
    while i < 2000:
        if i % 2 == 0:
            del ids[keys[i]]
            s.discard(keys[i])
        i += 1
    left = 0
    for k in keys:
        if k in ids:
            left += k.n
    print("after deletes", len(ids), len(s), left)
    counts = {}
    words = "the quick brown fox jumps over the lazy dog the end".split(" ")
    r = 0
    while r < 300:
        for w in words:
            counts[w + str(r % 7)] = counts.get(w + str(r % 7), 0) + 1
        r += 1
    print(len(counts), counts["the0"], counts["dog6"])
    pts = {}
    seen = set()
    i = 0
    while i < 1500:
        p = Point(i % 37, i % 41)
        pts[p] = Val(str(i))
        seen.add(Point(i % 5, i % 3))
        if i % 4 == 0:
            q = Point((i // 2) % 37, (i // 2) % 41)
            if q in pts:
                del pts[q]
        i += 1
    hits = 0
    for k in pts:
        if Point(k.x, k.y) in pts:
            hits += len(pts[Point(k.x, k.y)].s)
    print("custom keys", len(pts), len(seen), hits)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
