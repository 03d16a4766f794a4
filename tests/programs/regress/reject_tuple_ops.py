# TRANSLATION ERROR: tuple operations CPython has: reversed(tuple) ("not supported"), slicing
# with a step ("slicing a tuple needs constant bounds" although the bounds are constant),
# t.count/t.index (tuple is not listed in LANGUAGE.md section 5, so this may be intended).
# Expected:
# [3, 2, 1] (1, 3) (3, 2, 1) 1 2


def main(argv):
    t = (1, 2, 3)
    print(list(reversed(t)), t[::2], t[::-1], t.count(2), t.index(3))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
