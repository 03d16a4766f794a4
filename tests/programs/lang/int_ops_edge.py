# Integer operators at the edges of 64 bits (without overflowing): every augmented operator,
# shifts by large counts, bitwise operators on negatives, bool arithmetic, precedence, int()
# parsing of prefixes, underscores, whitespace and Unicode digits, and str() of the extremes.
import sys


def main(argv):
    big = sys.maxsize
    low = -sys.maxsize - 1
    print(big, low, big + low, -(low + 1), big // -1, low // 1, low % 7, big % -7, low // 3, abs(low + 1))
    x = 100
    x += 5
    x -= 10
    x *= 3
    x //= 4
    x %= 50
    x **= 3
    x <<= 4
    x >>= 2
    x &= 0xFFFF
    x |= 0x10000
    x ^= 0xFF
    print(x)
    print(1 >> 64, -1 >> 64, -1 >> 1, -5 >> 1, 5 >> 1, low >> 63, big >> 62, 1 << 62, 3 << 61, -1 << 63)
    print(~0, ~-1, ~big, ~low, -5 & 0xFF, -5 | 2, -5 ^ -3, 6 & -6, big & low, big | low, big ^ low)
    print(True + True, True * 7, True - False, -True, ~True, True & False, True | False, True ^ True, False ^ True)
    print(True & 3, 6 | True, 3 > True, True == 1, False == 0, True is True, 1 if True else 0)
    print(-2 ** 2, (-2) ** 2, 2 ** -1 if False else 0, 2 * 3 ** 2, -3 // 2 * 2, 7 - 3 - 2, 2 ** 2 ** 3, 100 // 7 % 3)
    print(10 - -3, +5, -(-5), - - -5, 1 + 2 * 3 << 1, 1 << 2 + 1, 6 & 3 | 8, 6 ^ 3 & 1, not 0, not 5)
    print(int("-0"), int("+17"), int("  42\n"), int("1_000_000"), int("0x1F", 16), int("1f", 16), int("0o17", 0))
    print(int("0b1011", 0), int("0X1f", 0), int("z", 36), int("-Zz", 36), int("١٢٣"), int("٤2"), int("  -0b11  ", 0))
    print(int("777", 8), int("0", 0), int("10", 2), int("9223372036854775807"), int("-9223372036854775808"))
    for text in ["1__0", "_1", "1_", "0x", "0b2", "08", "1.0", "--1", "+-2", "0 1"]:
        try:
            print(text, int(text, 0))
        except ValueError as e:
            print("ValueError:", e)
    print(str(low), str(big)[-3:], len(str(low)), repr(-0), str(0), int(str(low)) == low)
    print(7 == 7.0, 7 < 7.5, 2 ** 53 + 1 > 2.0 ** 53, big == float(big), low == float(low), -1 < -0.5)
    print(1 < 2 < 3, 3 > 2 > 2, 1 < 3 > 2, 1 == 1 != 2, 0 <= 0 < 1 <= 1, 5 in [1, 5], 5 not in [1])
    acc = 1
    for i in range(62):
        acc *= 2
    print(acc, acc - 1 + acc, divmod(acc, 1000000007), acc % 1000000007 == pow(2, 62, 1000000007))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
