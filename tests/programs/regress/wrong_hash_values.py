# WRONG OUTPUT (minor): hash(-1) is -2 in CPython (-1 is reserved), and hash(1.0) == hash(1).
# Expected:
# -2 True
# Got:
# -1 False


def main(argv):
    print(hash(-1), hash(1) == hash(1.0))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
