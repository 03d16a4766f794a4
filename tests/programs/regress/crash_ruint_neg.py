# CRASH (internal error): negating an r_uint: "the low-level program is inconsistent:
# int_neg takes [Signed], got [Unsigned]". Expected output:
# -1

from rlib.rarithmetic import r_uint, intmask


def main(argv):
    print(intmask(-r_uint(1)))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
