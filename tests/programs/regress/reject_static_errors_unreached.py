# TRANSLATION ERROR (design question): errors known statically are reported even in code
# that never runs: a constant out-of-range tuple index ("tuple index 5 out of range") and
# range(..., 0) ("`range()` arg 3 must not be zero"). CPython raises only when executed.
# Expected:
# IndexError: tuple index out of range
# ValueError: range() arg 3 must not be zero


def main(argv):
    t = (1, 2)
    try:
        if len(argv) > 0:
            print(t[5])
    except IndexError as e:
        print("IndexError:", e)
    try:
        print(list(range(0, 5, 0)))
    except ValueError as e:
        print("ValueError:", e)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
