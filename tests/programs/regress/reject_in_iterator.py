# TRANSLATION ERROR: `x in it` where it is a generator, iter(...) or an iterator class
# without __contains__ ("`in` is not supported for `int` in `<generator gen>`"); CPython
# consumes the iterator. Expected:
# True False True


def gen(n):
    for i in range(n):
        yield i


def main(argv):
    print(3 in gen(5), 9 in gen(5), 2 in iter([1, 2]))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
