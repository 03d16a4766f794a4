# Importing local modules and packages in every form: import m, import m as a, from m import x,
# from m import x as y, from package import submodule, import package.submodule; module-level
# constants, classes, exceptions and mutable tables shared between modules.
import _util
import _util as u
from _util import scale as sc, bump, UtilError, ALIASES
from _shapes_pkg import Shape, UNIT
from _shapes_pkg import _square
import _shapes_pkg._square
from _shapes_pkg._square import Square
import math as m
from math import sqrt, pi
import os
from os import path


def main(argv):
    print(_util.GREETING, u.SCALE, _util.scale(2), sc(5), u.scale(1), UNIT)
    print(bump(), bump(), _util.bump(), u.COUNTS, _util.COUNTS[0], ALIASES["two"])
    ALIASES["three"] = 3
    print(sorted(u.ALIASES), len(_util.ALIASES))
    shapes = [Shape("blob"), Square(3), _square.scaled_square(2), _shapes_pkg._square.Square(1)]
    for s in shapes:
        print(s.label(), isinstance(s, Square), isinstance(s, Shape))
    for v in [4, -2]:
        try:
            print("checked", _util.check(v))
        except UtilError as e:
            print("UtilError:", e, e.code)
    try:
        u.check(-7)
    except _util.UtilError as e:
        print("qualified class:", e.code)
    print(m.floor(2.5), sqrt(16.0), round(pi, 3), os.path.join("a", "b"), path.exists("/"))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
