# Functions: positional and keyword arguments, defaults, recursion, module-level constants.

SCALE = 3
GREETING = "hi"


def scaled(x, factor=SCALE, offset=0):
    return x * factor + offset


def ackermann(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))


def gcd(a, b):
    while b:
        a, b = b, a % b
    return a


def main(argv):
    print(scaled(2), scaled(2, 5), scaled(2, offset=1), scaled(x=4, factor=2, offset=1))
    print(ackermann(2, 3), gcd(1071, 462), gcd(17, 5))
    print(GREETING, SCALE)
    a, b = 1, 2
    a, b = b, a
    print(a, b)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
