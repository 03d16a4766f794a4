# A format spec on a value whose type takes none (a list, a tuple, an instance, None) raises
# TypeError, as object.__format__ does; an empty spec formats it with str().


class P:
    def __str__(self):
        return "P!"


def main(argv):
    w = len(argv) + 2
    for v in [[1, 2], [3]]:
        print(f"{v}|{v!r}|{v:}")
        try:
            print(f"{v:>{w}}")
        except TypeError as e:
            print("TypeError:", e)
    try:
        print(f"{(1, 'a'):.2f}")
    except TypeError as e:
        print("TypeError:", e)
    try:
        print(f"{P():>5}")
    except TypeError as e:
        print("TypeError:", e)
    print(f"{P()}", f"{'s':>3}")
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
