# WRONG OUTPUT: IndexError message for a tuple indexed with a run-time index says "list".
# Expected:
# IndexError: tuple index out of range
# Got:
# IndexError: list index out of range


def main(argv):
    t = (1, 2)
    i = len(argv) + 4
    try:
        print(t[i])
    except IndexError as e:
        print("IndexError:", e)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
