# %-formatting beyond the basics: precision on integers, flag combinations, %u, rounding of
# %.0f, exponent and general forms at the switch-over points, Unicode in %s/%r/%c, user
# objects through %s and %r, a single non-tuple operand, and literal %%.


class Temp:
    def __init__(self, deg):
        self.deg = deg

    def __str__(self):
        return str(self.deg) + "°C"

    def __repr__(self):
        return "Temp(" + str(self.deg) + ")"


def main(argv):
    print("%.3d|%u|%-+5d|% 05d|%-05d|%#5x|%#o|%#X" % (5, 9, 12, 42, 7, 255, 0, -255))
    print("%.0f|%.0f|%.0f|%.0f|%.1f|%.2f|%5.0f|%-8.3f|%08.2f|%+.0f" % (0.5, 1.5, 2.5, -0.5, 0.05, 1.005, 99.5, 2.0, -1.5, 0.4))
    print("%e|%.0e|%E|%.2e|%g|%g|%g|%g|%.3g|%#g|%G|%.10g" % (0.0, 12345.0, 1e-10, -9.999e9, 1e-4, 1e-5, 123456.0, 1234567.0, 0.0001234, 1.0, 1e-20, 1.0 / 3.0))
    print("%f|%F|%e|%g|%f|%.2f" % (float("inf"), float("-inf"), float("nan"), float("inf"), -0.0, float("nan")))
    print("%s|%5s|%-5s|%.2s|%r|%r|%c|%c|%3c" % ("é", "日本", "ü", "😀ab", "é", "a\nb", "😀", 233, "x"))
    t = Temp(21)
    print("%s|%r|%10s|%-12r|" % (t, t, t, t))
    print("%s" % t, "%r" % t, "%d%%" % 100, "%%%s%%" % "x", "%s" % [t], "%5.1f%%" % 99.44)
    print("%s %s" % ("a", "b"), "%s" % ("solo",), "%s" % (("nested", 1),), "[%s]" % "")
    print("%d %i %s %r" % (True, False, True, False), "%x" % 0, "%o" % -1, "%X" % 3054)
    print("%s|%s|%s" % (1.0, 1e16, 1.5e-7), "%r|%r" % (0.1, 1e22), "%s" % (-0.0,))
    print("%-10s|%10s|" % ("left", "right"))
    rows = [("item", 1, 2.5), ("other", 10, 1234.5)]
    for r in rows:
        print("%-6s%4d%10.2f%8.1e" % (r[0], r[1], r[2], r[2]))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
