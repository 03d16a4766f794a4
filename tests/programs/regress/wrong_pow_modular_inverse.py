# WRONG OUTPUT: pow(base, -1, mod) (the modular inverse, CPython >= 3.8) raises
# "ValueError: negative exponent for int ** int (the result would be a float)". Expected:
# 3 23


def main(argv):
    print(pow(5, -1, 7), pow(38, -1, 97))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
