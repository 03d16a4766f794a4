# Edge cases of the primitive operations, which each backend emits in its own way: Python's
# floor division and modulo of negatives and by -1, shifts by 64 and more, float modulo and
# floor division with signed zeros and infinities, comparisons with NaN, chr() bounds, and
# the messages of the exceptions they raise.


def divs(a, b):
    try:
        print("int", a, b, a // b, a % b, divmod(a, b))
    except ZeroDivisionError as e:
        print("int", a, b, "ZeroDivisionError:", e)
    try:
        print("true", a, b, a / b)
    except ZeroDivisionError as e:
        print("true", a, b, "ZeroDivisionError:", e)


def fdivs(x, y):
    try:
        print("float", x, y, x // y, x % y, x / y)
    except ZeroDivisionError as e:
        print("float", x, y, "ZeroDivisionError:", e)
    try:
        print("fmod", x, y, x % y)
    except ZeroDivisionError as e:
        print("fmod", x, y, "ZeroDivisionError:", e)
    try:
        print("ffloordiv", x, y, x // y)
    except ZeroDivisionError as e:
        print("ffloordiv", x, y, "ZeroDivisionError:", e)


def shifts(a, n):
    try:
        print("shift", a, n, a >> n)
        if n < 40 and -1000 < a < 1000:
            print("lshift", a, n, a << n)
    except ValueError as e:
        print("shift", a, n, "ValueError:", e)


def main(argv):
    big = 9223372036854775807
    small = -big - 1
    for a in (7, -7, 0, 1, -1, big, small + 1, 1000000007):
        for b in (1, -1, 2, -2, 3, -3, 0, big, 1000003):
            divs(a, b)
    print(small // 1, small % 1, small % -1, small // 2, small % 3)
    inf = float("inf")
    for x in (7.5, -7.5, 0.0, -0.0, 1e300, -3.0, inf):
        for y in (2.0, -2.0, 0.5, -0.0, 0.0, 3.0, inf, -inf):
            fdivs(x, y)
    for a in (5, -5, 1, -1, 0, big, small):
        for n in (0, 1, 3, 31, 62, 63, 64, 65, 100, -1):
            shifts(a, n)
    print(abs(-3), abs(3), abs(small + 1), -big, ~big, ~small)
    nan = float("nan")
    print(nan == nan, nan != nan, nan < 1.0, nan >= 1.0, 1.0 < nan, nan > nan)
    print(abs(-2.5), -(0.0), abs(-0.0), -inf)
    for c in (0, 65, 0x10FFFF, 0x110000, -1, 233, 0x1F600):
        try:
            s = chr(c)
            print("chr", c, ord(s), len(s))
        except ValueError as e:
            print("chr", c, "ValueError:", e)
    for v in (0, 1, -1, 255, 256, 2**40):
        print(bool(v), float(v), str(v))
    for f in (0.0, -0.0, 0.1, 2.5, -2.5, 1e18, -1e18):
        print(bool(f), int(f))
    t = True
    f = False
    print(t + t, t * 3, t & f, t | f, t ^ t, not t, t == f, t != f, t < f, int(t))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
