# %-formatting of ints with precision, zero fill, sign and # flags.
def main(argv):
    for v in [7, -7, 0, 255, -4096]:
        print("[%05.3d] [%x] [%#5.2X] [% .3i] [%-+8.4o] [%.0d]" % (v, v, v, v, v, v))
    return 0
if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
