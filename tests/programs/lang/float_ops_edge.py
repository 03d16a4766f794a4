# Float edge cases: signed zeros, nan and inf in arithmetic, comparisons, min/max and sorting
# keys, float floor division and modulo signs, ** corner cases, float() parsing forms, and
# math functions on special values.
import math


def main(argv):
    nz = -0.0
    print(nz, 0.0 * -1, -0.0 + 0.0, -0.0 - 0.0, nz == 0.0, abs(nz), -nz, str(nz), repr(0.0 * -5.0))
    inf = float("inf")
    nan = float("nan")
    print(inf - inf, inf * 0.0, 1.0 / inf, -1.0 / inf, inf + 1e308, inf > 1e308, -inf < -1e308, inf == inf)
    print(nan == nan, nan != nan, nan < 1.0, nan > 1.0, nan >= nan, math.isnan(nan + 1.0), [nan][0] == nan, nan in [nan], nan in [1.0])
    print(min(nan, 1.0), min(1.0, nan), max(nan, 1.0), max(1.0, nan), max(inf, nan), min(-inf, 0.0))
    for a in [7.5, -7.5]:
        for b in [2.0, -2.0]:
            print(a, b, a // b, a % b, math.fmod(a, b), divmod(a, b))
    print(-1e-20 % 1.0, 1e-20 % -1.0, 0.0 % 5.0, -0.0 % 5.0, 5.0 % inf, -5.0 % inf, -0.0 // 1.0)
    print(0.0 ** 0.0, inf ** 0.0, 1.0 ** nan, nan ** 0.0, 2.0 ** -1074, 2.0 ** 0.5, 4.0 ** -0.5, (-8.0) ** 3.0, 10.0 ** 22)
    print(2.0 ** 1023 * 2.0, -(2.0 ** 1023) * 2.0, 1e-323 * 0.1, 5e-324, 2.2250738585072014e-308 / 2)
    for text in ["1", " 2.5 ", "-.5", "5.", "1e3", "1E-3", "+1_0.5", "infinity", "-Infinity", "NaN", "-nan",
                 "1e400", "-1e400", "1e-400", "0x10", "1e", ".", "", "1.5.2", "١.٥"]:
        try:
            print(repr(text), float(text))
        except ValueError as e:
            print("ValueError:", e)
    print(math.floor(-0.5), math.ceil(-0.5), math.trunc(-2.7), math.floor(2.0), math.ceil(1e-300), int(-2.7), int(2.9999))
    print(math.copysign(1.0, -0.0), math.copysign(3.0, nan), math.fabs(-inf), math.sqrt(0.0), math.sqrt(-0.0))
    print(math.isinf(-inf), math.isfinite(nan), math.isfinite(1e308), math.hypot(3.0, 4.0), math.hypot(inf, nan))
    print(math.atan2(0.0, -1.0), math.atan2(-0.0, -1.0), math.atan2(inf, inf), math.exp(-inf), math.log(inf))
    print(math.modf(-2.5), math.modf(3.0), math.frexp(8.0), math.frexp(-0.3), math.ldexp(0.5, 4), math.frexp(0.0))
    print(math.log(8.0, 2.0), math.log(100.0, 10.0), math.log10(1000.0), math.log2(1024.0))
    print(math.degrees(math.pi), math.radians(180.0), math.pi, math.e, math.tau, math.inf, -math.inf, math.nan)
    vals = [3.5, -0.0, 0.0, -2.25, inf, -inf, 1e-300]
    print(sorted(vals), max(vals), min(vals), sum(vals[:4]), sorted(vals, key=lambda v: abs(v)))
    print(round(2.5), round(-2.5), round(0.1 + 0.2, 15), round(1e15 + 0.5), round(-1e-5, 3), round(5e-324, 323))
    print(float(2 ** 62), float(-2 ** 63), float(123456789012345678), 0.1 * 3, 1.0 - 0.9, 1e23, 1e22, 123e-2)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
