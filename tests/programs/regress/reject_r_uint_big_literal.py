# TRANSLATION ERROR: an r_uint built from a literal >= 2**63, r_uint(14695981039346656037)
# (the FNV offset basis): "this integer does not fit in 64 bits". Expected:
# -3750763034362895579

from rlib.rarithmetic import r_uint, intmask


def main(argv):
    print(intmask(r_uint(14695981039346656037)))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
