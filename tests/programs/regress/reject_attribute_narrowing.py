# TRANSLATION ERROR (narrowing): `if obj.attr is not None: obj.attr.append(x)` is rejected
# ("`.append` of a value that may be None: check `is not None` first"); only local
# variables are narrowed. Expected: [1, 2, 3]


class Node:
    def __init__(self):
        self.cache = None


def main(argv):
    n = Node()
    n.cache = [1, 2]
    if n.cache is not None:
        n.cache.append(3)
    print(n.cache)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
