# WRONG OUTPUT (stderr): an exception class defined in an imported module escaping main. CPython
# qualifies the class with its module name: "_errs.ModuleError: from another module"; the
# translated program prints "ModuleError: from another module". (stdout and status agree.)
import _errs


def main(argv):
    print("about to fail")
    _errs.fail("from another module")
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
