# WRONG OUTPUT (minor, identity of floats): `x is x` for the same float variable is False.
# Expected:
# True


def main(argv):
    nan = float("nan")
    print(nan is nan)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
