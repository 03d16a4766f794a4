# TRANSLATION ERROR: *t (a tuple of known length) together with keyword arguments,
# e.g. print(*t, sep="+") or f(*t, scale=2.0): "`*args` together with keyword arguments is not
# supported in RPy". Expected:
# a+b 12.0


def area(w, h, scale=1.0):
    return w * h * scale


def main(argv):
    t = ("a", "b")
    dims = (2.0, 3.0)
    print(*t, sep="+", end=" ")
    print(area(*dims, scale=2.0))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
