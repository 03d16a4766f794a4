# Booleans: and/or/not with short-circuit, comparisons (chained), bools as ints.

calls = 0


def loud(label, value):
    print("evaluated", label)
    return value


def main(argv):
    print(True and False, True or False, not True, not 0, not 3)
    print(loud("a", False) and loud("b", True))
    print(loud("c", True) or loud("d", False))
    print(1 < 2 < 3, 1 < 3 < 2, 3 > 2 >= 2, 1 == 1 != 2)
    print(True + True, True * 5, False - 1)
    x = 5
    print("small" if x < 10 else "big", "even" if x % 2 == 0 else "odd")
    print(x > 3 and x < 10, x < 3 or x > 4)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
