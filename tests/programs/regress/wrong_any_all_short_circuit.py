# WRONG OUTPUT: any()/all() over a generator (or a generator expression) consume the whole
# generator instead of stopping at the first decisive item; with an infinite generator they
# would never return. Expected:
# True [1, 3]
# True [1]
# False [1, 3]
# Got:
# True [1, 3, 5]
# True [1, 3, 5]
# False [1, 3, 5]


def gen(log):
    for x in [1, 3, 5]:
        log.append(x)
        yield x


def main(argv):
    log = []
    print(any(x > 2 for x in gen(log)), log)
    log2 = []
    print(any(gen(log2)), log2)
    log3 = []
    print(all(x < 2 for x in gen(log3)), log3)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
