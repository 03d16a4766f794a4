# TRANSLATION ERROR: a @not_rpython helper called at module level (its purpose) is not
# found: "name `_build` is not defined at this point of module-level code". Expected:
# [0, 3, 6]

from rlib.objectmodel import not_rpython


@not_rpython
def _build(n):
    return [i * 3 for i in range(n)]


TABLE = _build(3)


def main(argv):
    print(TABLE)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
