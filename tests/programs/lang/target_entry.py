# An RPython-style target file: target(driver, args) returns the entry point (with None as the
# second item, as RPython targets do); there is no main.
# rpy: args=alpha beta


def entry_point(argv):
    print("entry point with", len(argv) - 1, "arguments:", argv[1:])
    total = 0
    for a in argv[1:]:
        total += len(a)
    print("total length", total)
    return 0


def target(driver, args):
    return entry_point, None


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
