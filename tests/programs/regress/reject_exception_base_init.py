# TRANSLATION ERROR: calling the base initializer explicitly in a user exception,
# Exception.__init__(self, msg): "class `Exception` has no attribute `__init__`"
# (super().__init__(msg) works). Expected:
# failed 3


class MyError(Exception):
    def __init__(self, code):
        Exception.__init__(self, "failed " + str(code))
        self.code = code


def main(argv):
    try:
        raise MyError(3)
    except MyError as e:
        print(e)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
