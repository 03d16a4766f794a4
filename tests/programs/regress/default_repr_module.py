# The default repr of an instance names the class with its module: `__main__.V` for the
# program's own classes, `_errs.Plain` for an imported module's (the address is cut off).
import _errs


class V:
    pass


def shape(r):
    return r[:r.index(" at 0x")] + ">"


def main(argv):
    print(shape(repr(V())), shape(str(_errs.Plain())), shape(repr([V()])[1:-1]))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
