# Library modules: every math function on ordinary arguments (printed rounded where libm results
# may differ in the last bit), math constants, time.time/perf_counter monotonicity, and
# sys.maxsize arithmetic.
import math
import sys
import time


def r(x):
    return round(x, 12)


def main(argv):
    x = 0.7
    print(r(math.sqrt(2.0)), r(math.exp(x)), r(math.log(x)), r(math.log2(x)), r(math.log10(x)), r(math.log(x, 3.0)))
    print(r(math.sin(x)), r(math.cos(x)), r(math.tan(x)), r(math.asin(x)), r(math.acos(x)), r(math.atan(x)))
    print(r(math.atan2(1.0, -2.0)), r(math.sinh(x)), r(math.cosh(x)), r(math.tanh(x)), r(math.hypot(1.5, 2.0)))
    print(math.floor(x), math.ceil(x), math.trunc(-x), math.fabs(-x), r(math.pow(2.0, x)), math.fmod(7.0, -x) > 0)
    print(math.isnan(x), math.isinf(x), math.isfinite(x), math.copysign(x, -1.0), r(math.degrees(x)), r(math.radians(90.0)))
    print(math.modf(x), math.frexp(x), math.ldexp(x, 3), math.floor(-1e15 - 0.5), math.ceil(1e15 + 0.5))
    print(math.pi, math.e, math.tau, math.inf, math.nan, -math.inf, math.pi * 2 == math.tau)
    t0 = time.time()
    p0 = time.perf_counter()
    spin = 0
    while time.perf_counter() - p0 < 0.01:
        spin += 1
    t1 = time.time()
    p1 = time.perf_counter()
    print(t1 >= t0, p1 - p0 >= 0.009, p1 - p0 < 5.0, t0 > 1.6e9)
    print(sys.maxsize, sys.maxsize + (-sys.maxsize), -sys.maxsize - 1 < 0, sys.maxsize // 2 ** 32)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
