# NOT YET SUPPORTED / REJECTED: range objects: indexing ("`getitem` on range, int is not
# supported by the translator yet"), slicing ("slicing is not supported on a `range` value"),
# str() of a range. Expected:
# 7 19 range(7, 15, 4) range(3, 20, 4)


def main(argv):
    r = range(3, 20, 4)
    print(r[1], r[-1], r[1:3], r)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
