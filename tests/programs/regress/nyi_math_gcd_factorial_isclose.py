# NOT YET SUPPORTED (section 7: "the float functions"; gcd/factorial are int functions):
# math.gcd, math.factorial, math.isclose - "not supported by the translator yet". Expected:
# 6 0 2432902008176640000 True False
# ValueError: factorial() not defined for negative values

import math


def main(argv):
    print(math.gcd(12, -18), math.gcd(0, 0), math.factorial(20), math.isclose(1.0, 1.0 + 1e-10), math.isclose(1.0, 1.1))
    try:
        print(math.factorial(-1))
    except ValueError as e:
        print("ValueError:", e)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
