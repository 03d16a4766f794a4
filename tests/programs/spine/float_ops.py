# Floats: arithmetic, repr (shortest round trip), conversions, floor division and modulo.

def main(argv):
    values = (0.1, 0.2, 1.5, -2.25, 1e16, 1e-5, 123456.789, 3.0, -0.0, 1 / 3)
    for v in values:
        print(v, v * 2, v + 0.1, v - 1.0)
    print(0.1 + 0.2, 1e300 * 10, -1e300 * 10, 2.0 ** 0.5)
    print(7.5 // 2, -7.5 // 2, 7.5 % 2, -7.5 % 2, 7.5 % -2)
    print(float(3), int(3.99), int(-3.99), float("2.5"), float(" -1e3 "))
    print(round(2.5), round(3.5), round(-2.5), round(2.675, 2))
    x = 1.0
    for i in range(10):
        x = x * 1.1
    print(x)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
