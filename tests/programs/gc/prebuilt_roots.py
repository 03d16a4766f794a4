# GC: objects reachable only from prebuilt (module-level) objects: a list, a dict, an
# instance's attributes, all mutated at run time to hold new objects.

class Box:
    def __init__(self, v):
        self.v = v
        self.other = None


REGISTRY = []
TABLE = {"start": Box(0)}
ROOT = Box(-1)
NAMES = ["a", "b"]


def churn(n):
    s = 0
    i = 0
    while i < n:
        b = Box(i)
        s += b.v
        i += 1
    return s


def main(argv):
    i = 0
    while i < 300:
        REGISTRY.append(Box(i))
        TABLE["k" + str(i)] = Box(i * 2)
        if i % 50 == 0:
            ROOT.other = Box(i * 3)
            ROOT.other.other = Box(i * 5)
            NAMES.append("n" + str(i))
        churn(20)
        i += 1
    churn(5000)
    s = 0
    for b in REGISTRY:
        s += b.v
    t = 0
    for k in TABLE:
        t += TABLE[k].v
    print(s, t, ROOT.other.v, ROOT.other.other.v, len(TABLE), NAMES[-1], len(NAMES))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
