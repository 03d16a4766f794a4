# TRANSLATION ERROR: iterating over a file object, `for line in f` ("a `file` value is not
# iterable"). Expected:
# 1 'x'
# 2 'y'

import os


def main(argv):
    path = "/tmp/rpy-pending-file-iter-" + str(os.getpid() % 1000) + ".txt"
    with open(path, "w") as f:
        f.write("x\ny\n")
    n = 0
    with open(path) as f:
        for line in f:
            n += 1
            print(n, repr(line.rstrip("\n")))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
