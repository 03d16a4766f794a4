# WRONG OUTPUT: a generator expression is evaluated eagerly (as a list) when created, not
# lazily while it is consumed. Expected:
# 0
# 0 1
# 10 2
# 20 3
# Got:
# 3
# 0 3
# 10 3
# 20 3
# (Also: next() on a generator expression stored in a variable is rejected with
# "next() of a list[str] value".)


def trace(x, log):
    log.append(x)
    return x * 10


def main(argv):
    log = []
    g = (trace(x, log) for x in range(3))
    print(len(log))
    for v in g:
        print(v, len(log))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
