# An uncaught exception escaping main: stdout so far is kept, the exception line goes to stderr
# and the exit status is 1.


def numbers(n):
    for i in range(n):
        yield 10 // (1 - i)


def main(argv):
    for v in numbers(3):
        print("got", v)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
