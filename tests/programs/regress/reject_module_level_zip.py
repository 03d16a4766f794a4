# TRANSLATION ERROR (module level): zip() in module-level code ("cannot evaluate this at
# translation time: calling `zip` at module level"); range, comprehensions and str.split
# work there. Expected:
# (('a', 0), ('b', 1))

PAIRS = tuple(zip("ab", range(2)))


def main(argv):
    print(PAIRS)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
