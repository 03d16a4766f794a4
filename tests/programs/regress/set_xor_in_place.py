# `a ^= b` on a set changes the set itself (aliases see it), like the other in-place operators.
def main(argv):
    a = {1, 2, 3}
    alias = a
    a ^= {3, 4}
    a |= {9}
    a -= {1}
    print(sorted(alias), sorted(a), alias is a)
    d = {"x": 1}
    e = d
    d |= {"y": 2}
    print(e, d | {"x": 5}, e)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
