# Integer arithmetic with Python's semantics: floor division and modulo of negatives,
# true division giving a float, powers, bit operations, abs, divmod.

def show(a, b):
    print(a, b, a + b, a - b, a * b, a // b, a % b, a / b)


def main(argv):
    for a in (7, -7, 0, 123456789, -987654321):
        for b in (2, -2, 3, -5, 1000003):
            show(a, b)
    print(2 ** 10, 3 ** 0, (-2) ** 5, 10 ** 18)
    print(6 & 3, 6 | 3, 6 ^ 3, ~6, 1 << 40, -1024 >> 3, 5 >> 1)
    print(abs(-5), abs(5), divmod(17, 5), divmod(-17, 5))
    print(9223372036854775807, -9223372036854775807 - 1)
    x = 10
    x += 5
    x -= 3
    x *= 2
    x //= 5
    x %= 3
    print("x", x)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
