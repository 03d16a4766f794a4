# WRONG OUTPUT: reading a file opened with "rb" gives a str instead of bytes (the raw bytes are
# printed as characters, data[0] is a one-character str). Needs io_data/blob.bin beside it.
# Expected:
# b'\x00\x01\xfe\xffbinary' 10 0


def main(argv):
    with open("io_data/blob.bin", "rb") as h:
        data = h.read()
    print(data, len(data), data[0])
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
