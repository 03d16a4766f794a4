# An uncaught exception escaping main: stdout so far is kept, the exception line goes to stderr
# and the exit status is 1.


def numbers(n):
    for i in range(n):
        yield 10 // (1 - i)


def main(argv):
    try:
        print(int("nope"))
    except ValueError:
        print("handler runs, then fails")
        raise IndexError("raised while handling")
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
