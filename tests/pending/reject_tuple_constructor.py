# TRANSLATION ERROR (maybe intended): tuple() of a str/list/range/generator whose length is
# not known at translation time ("`tuple()` of a sequence whose length is not known").
# Section 4 lists `tuple` without restriction. Expected:
# ('a', 'b') (1, 2) (0, 1, 2)


def main(argv):
    print(tuple("ab"), tuple([1, 2]), tuple(range(3)))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
