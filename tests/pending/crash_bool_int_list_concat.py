# CRASH (internal error): concatenating a list of bools with a list of ints:
# "internal error: no conversion from Signed to Bool". Expected output:
# [False, 0]


def main(argv):
    print([False] + [0])
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
