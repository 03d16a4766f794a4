# WRONG OUTPUT (last bit): int / int is computed as float(a) / float(b), CPython rounds the
# exact quotient correctly. Expected:
# 3002399751580331.0
# Got:
# 3002399751580330.5


def main(argv):
    a = 9007199254740993
    print(a / 3)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
