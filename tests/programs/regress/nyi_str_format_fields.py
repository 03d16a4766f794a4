# NOT YET SUPPORTED: str.format with attribute or index fields in a constant format string
# ("`str.format()` is not supported by the translator yet"). Expected:
# 3,4 val 20 003


class Pt:
    def __init__(self, x, y):
        self.x = x
        self.y = y


def main(argv):
    p = Pt(3, 4)
    d = {"key": "val"}
    xs = [10, 20]
    print("{0.x},{0.y}".format(p), "{0[key]}".format(d), "{0[1]}".format(xs), "{p.x:03d}".format(p=p))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
