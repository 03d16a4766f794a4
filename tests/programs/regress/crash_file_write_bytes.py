# CRASH (internal error): writing bytes to a file opened with "wb":
# "internal error: tuple conversion between different lengths". Expected output:
# b'\x00bytes\xff'

import os


def main(argv):
    path = "/tmp/rpy-pending-write-bytes-" + str(os.getpid() % 1000) + ".bin"
    with open(path, "wb") as g:
        g.write(b"\x00bytes\xff")
    with open(path, "rb") as h:
        print(h.read())
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
