# WRONG OUTPUT (CPython emulation vs translation): print(r_uint(5)) prints "5" translated but
# "r_uint(5)" under CPython, because stdlib/rlib/rarithmetic.py defines r_uint.__repr__.
# Expected (CPython):
# r_uint(5) r_uint(7)

from rlib.rarithmetic import r_uint


def main(argv):
    print(r_uint(5), str(r_uint(7)))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
