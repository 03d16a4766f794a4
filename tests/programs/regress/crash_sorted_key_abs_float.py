# CRASH (internal error): the built-in abs as a key function over floats:
# "internal error: no conversion from Float to Signed" (key=lambda v: abs(v) works). Expected:
# [0.5, -1.5, 2.0]


def main(argv):
    print(sorted([2.0, -1.5, 0.5], key=abs))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
