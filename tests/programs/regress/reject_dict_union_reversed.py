# TRANSLATION ERROR: dict | dict and |= ("unsupported operand types for |") and
# reversed(dict) ("`reversed()` of a `dict[str, int]` value is not supported"). Expected:
# {'a': 1, 'b': 20, 'c': 30} {'a': 1, 'b': 20, 'c': 30} ['c', 'b', 'a']


def main(argv):
    d = {"a": 1, "b": 2}
    e = {"b": 20, "c": 30}
    f = d | e
    d |= e
    print(f, d, list(reversed(d)))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
