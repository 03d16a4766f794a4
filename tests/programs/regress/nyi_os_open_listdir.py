# NOT YET SUPPORTED (section 7 lists them): os.open / os.read on the fd / os.close and
# os.listdir: "`os.open` is not supported yet", "`os.listdir` is not supported yet".
# Expected:
# b'pen' ['blob.bin']

import os


def main(argv):
    fd = os.open("io_data/blob.bin", 0)
    head = os.read(fd, 0)
    os.close(fd)
    print(b"open"[1:] + head, sorted(os.listdir("io_data")))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
