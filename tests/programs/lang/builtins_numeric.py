# Numeric built-ins on edge inputs: abs/min/max/sum with keys and starts, divmod and pow over
# every sign, round half to even with ndigits, hash of small ints, hex/oct/bin extremes.
import sys


def main(argv):
    print(abs(True), abs(-0), abs(-sys.maxsize), abs(-2.5), abs(float("-inf")))
    print(min(3, -1, 2, key=abs), max(-7, 5, key=abs), max("b", "AA", "c", key=len), min("b", "a", "c"))
    print(min([4, 2, 8], key=lambda v: -v), max((1, "z"), (1, "a")), max(True, 2))
    print(sum([True, True, False]), sum([], 5), sum([1.5, 2.5], 1.0), sum([0.1] * 10), sum(range(-5, 5)))
    print(sum(x * 0.5 for x in range(5)))
    for a in [7, -7]:
        for b in [2, -2]:
            print(a, b, divmod(a, b), a // b, a % b, divmod(float(a), float(b)))
    print(divmod(0, 5), divmod(-1, 5), divmod(5.5, -2.0), divmod(-0.0, 1.0))
    print(pow(3, 4), pow(-2, 3), pow(2, 0), pow(0, 0), pow(-3, 3, 7), pow(3, 200, 1000000007), pow(7, 1, 1), pow(-7, 2, -5), pow(7, 3, -5))
    print(pow(2.0, 0.5), pow(-2.0, 3), pow(2.0, -1), pow(4, 0.5), 2 ** 62, (-2) ** 63, -2 ** 2, 2 ** 3 ** 2)
    print(round(0.5), round(1.5), round(2.5), round(-0.5), round(-1.5), round(-2.5), round(2.675, 2), round(0.125, 2))
    print(round(0.375, 2), round(1.005, 2), round(123.456, -1), round(-123.456, -2), round(5.5, 0), round(1e-20, 5))
    print(round(25, -1), round(35, -1), round(-25, -1), round(15, -1), round(149, -2), round(150, -2), round(7, 2))
    print(round(1234.5678, 2), round(-0.0), round(-0.4), round(0.49999999999999994), round(4503599627370497.0))
    print(hash(0), hash(1), hash(-5), hash(12345), hash(True), hash(False), hash(-7))
    print(hash("abc") == hash("ab" + "c"), hash((1, 2)) == hash((1, 2)), hash(2.5) == hash(2.5), hash(b"x") == hash(b"x"))
    print(hex(sys.maxsize), oct(-sys.maxsize - 1), bin(-5), hex(0), oct(0), bin(1), hex(-256), bin(sys.maxsize))
    print(int(True) + int(False), float(True), bool(-1), bool(0.0), bool(float("nan")), bool(-0.0), bool(" "))
    print(7 / 2, -7 / 2, 1 / 3, 10 / 5, 0 / 7, -0 / 7, 2 ** 53 / 1, 9007199254740992 / 4, sys.maxsize / 2)
    print(1e308 * 10, -1e308 * 10, 5e-324 / 2, 1e-310, 2.0 ** 1023, 0.1 + 0.7, 1.1 * 3)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
