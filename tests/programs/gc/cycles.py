# GC: cyclic structures (rings, parent pointers, self references) created and dropped in
# loops; the survivors stay intact.

class RingNode:
    def __init__(self, value):
        self.value = value
        self.prev = self
        self.next = self


def make_ring(n, base):
    first = RingNode(base)
    last = first
    i = 1
    while i < n:
        node = RingNode(base + i)
        node.prev = last
        last.next = node
        last = node
        i += 1
    last.next = first
    first.prev = last
    return first


def ring_sum(first):
    s = first.value
    node = first.next
    while node is not first:
        s += node.value
        node = node.next
    return s


def ring_sum_back(first):
    s = first.value
    node = first.prev
    while node is not first:
        s += node.value
        node = node.prev
    return s


class Parent:
    def __init__(self, name):
        self.name = name
        self.kids = []


class Kid:
    def __init__(self, parent, n):
        self.parent = parent
        self.n = n


def family(name, k):
    p = Parent(name)
    i = 0
    while i < k:
        p.kids.append(Kid(p, i))
        i += 1
    return p


def main(argv):
    keep = []
    r = 0
    while r < 200:
        ring = make_ring(30, r * 100)
        if r % 20 == 0:
            keep.append(ring)
        r += 1
    total = 0
    for ring in keep:
        total += ring_sum(ring) - ring_sum_back(ring)
        total += ring_sum(ring)
    print("rings", len(keep), total)
    fams = []
    f = 0
    while f < 100:
        fam = family("f" + str(f), 20)
        if f % 10 == 3:
            fams.append(fam)
        f += 1
    ok = 0
    for fam in fams:
        for kid in fam.kids:
            if kid.parent is fam:
                ok += kid.n
    print("families", len(fams), ok, fams[0].name, fams[-1].name)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
