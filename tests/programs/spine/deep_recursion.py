# Recursion deeper than a C stack would allow by default, still fine.

def depth(n):
    if n == 0:
        return 0
    return 1 + depth(n - 1)


def main(argv):
    print(depth(50000))
    return 0


if __name__ == "__main__":
    import sys
    sys.setrecursionlimit(100000)
    sys.exit(main(sys.argv))
