# int() of text that is not a number raises ValueError.

def main(argv):
    print(int("12") + int(" -3 "))
    print(int("twelve"))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
