# WRONG OUTPUT (silent): dict(a=1, b=2) builds an empty dict (its type is
# dict[nothing, nothing]); d.update(z=26) is likewise lost. Expected:
# {'a': 1, 'b': 2}
# Got:
# {}


def main(argv):
    d = dict(a=1, b=2)
    print(d)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
