# r_uint() of a float truncates it first, as the rlib class does (int(value)).

from rlib.rarithmetic import r_uint, intmask


def main(argv):
    print(intmask(r_uint(1.5)), intmask(~r_uint(2.9)), intmask(r_uint(-1.0)), intmask(r_uint(7)))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
