# Helper module for imports_main.py: constants, functions, a mutable table and an exception.

GREETING = "hello"
SCALE = 3
COUNTS = [0]
ALIASES = {"one": 1, "two": 2}


class UtilError(Exception):
    def __init__(self, code):
        super().__init__("util failed with code " + str(code))
        self.code = code


def scale(x):
    return x * SCALE


def bump():
    COUNTS[0] += 1
    return COUNTS[0]


def check(x):
    if x < 0:
        raise UtilError(x)
    return x
