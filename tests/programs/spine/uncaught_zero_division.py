# An exception escaping main: a traceback on stderr, status 1.

def divide(a, b):
    return a // b


def main(argv):
    print("before")
    print(divide(10, len(argv) - 1))
    print("not reached")
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
