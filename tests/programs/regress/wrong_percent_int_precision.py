# WRONG OUTPUT: %-formatting of integers with a precision combined with a width, a flag or a
# negative value. Expected:
# [  007] [03    ] [+004] [0o010] [-03]
# Got:
# [00007] [300000] [+04] [0o10] [-3]


def main(argv):
    print("[%5.3d] [%-6.2d] [%+.3d] [%#.3o] [%.2d]" % (7, 3, 4, 8, -3))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
