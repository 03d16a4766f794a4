# TRANSLATION ERROR: set.symmetric_difference_update ("has no method ... in RPy").
# Expected: [1, 4]


def main(argv):
    a = {1, 2, 3}
    a.symmetric_difference_update([2, 3, 4])
    print(sorted(a))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
