# TRANSLATION ERROR: sum() of lists with a list start ("`sum()` of `list[int]` items").
# Expected: [1, 2, 3]


def main(argv):
    print(sum([[1], [2, 3]], []))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
