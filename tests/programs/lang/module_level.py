# Module-level code run at translation time: tables computed by loops and comprehensions,
# branches on sys.maxsize and on constants, prebuilt instances referencing each other,
# constants derived from other constants, and run-time mutation through their contents.
import sys

if sys.maxsize > 2 ** 32:
    PY = "64-bit"
else:
    PY = "32-bit"

DEBUG = False
if DEBUG:
    LEVEL = 10
else:
    LEVEL = 20

SQUARES = [i * i for i in range(10)]
CUBES = {}
for _i in range(5):
    CUBES[_i] = _i ** 3
WORDS = "alpha beta gamma".split()
LOOKUP = {w: len(w) for w in WORDS}
PAIRS = (("a", 0), ("b", 1), ("c", 2))
NAME = "rpy" + "-" + str(len(WORDS))
MASK = (1 << 16) - 1
PAIRS_LEN = len(PAIRS)


class Op:
    def __init__(self, name, arity, fn):
        self.name = name
        self.arity = arity
        self.fn = fn
        self.uses = 0


def _add(a, b):
    return a + b


def _neg(a, b):
    return -a


OPS = [Op("add", 2, _add), Op("neg", 1, _neg)]
BY_NAME = {op.name: op for op in OPS}
DEFAULT_OP = OPS[0]


class Registry:
    def __init__(self):
        self.items = []
        self.count = 0


REGISTRY = Registry()


def use(name, a, b):
    op = BY_NAME[name]
    op.uses += 1
    REGISTRY.count += 1
    REGISTRY.items.append(name)
    return op.fn(a, b)


def main(argv):
    print(PY, LEVEL, SQUARES, CUBES, WORDS, LOOKUP, PAIRS, NAME, MASK, PAIRS_LEN)
    print(use("add", 2, 3), use("neg", 4, 0), use("add", -1, 1), DEFAULT_OP.name, DEFAULT_OP is OPS[0])
    print([(op.name, op.arity, op.uses) for op in OPS], REGISTRY.count, REGISTRY.items)
    SQUARES[0] = -1
    CUBES[9] = 729
    LOOKUP["delta"] = 5
    print(SQUARES[:3], len(CUBES), sorted(LOOKUP.items()))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
