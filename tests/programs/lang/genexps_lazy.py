# Generator expressions are lazy: closures read at iteration time, any/all stop early, nested
# generators with closures, generator expressions consumed by builtins and loops.
def counter(n):
    k = [0]
    def gen():
        i = 0
        while i < n:
            k[0] += 1
            yield i * 10
            i += 1
    return gen(), k

def main(argv):
    g, k = counter(4)
    print(next(g), k[0], list(g), k[0])
    base = 100
    total = sum(base + x for x in range(5))
    gx = (base + x for x in range(3) if x != 1)
    base = 1000
    print(total, list(gx))
    words = ["a", "bb", "ccc"]
    lens = (len(w) for w in words)
    print(max(lens), any(len(w) > 2 for w in words), all(w for w in words))
    nested = [[1, 2], [3], []]
    print(sum(sum(v for v in row) for row in nested), [list(c * 2 for c in row) for row in nested])
    pairs = list((i, j) for i in range(3) for j in range(i) if (i + j) % 2 == 1)
    print(pairs, "-".join(str(p) for p in pairs), sorted(x % 3 for x in range(7)))
    it = (c.upper() for c in "hey")
    for ch in it:
        print(ch, end="")
    print()
    return 0

if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
