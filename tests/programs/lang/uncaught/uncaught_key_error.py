# An uncaught exception escaping main: stdout so far is kept, the exception line goes to stderr
# and the exit status is 1.


def numbers(n):
    for i in range(n):
        yield 10 // (1 - i)


def main(argv):
    d = {"present": 1}
    print("before", d["present"])
    print(d[argv[0][:0] + "missing"])
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
