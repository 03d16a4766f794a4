# CRASH (C compiler error): max() of an empty list literal generates C that uses undeclared
# variables ("error: 'v111' undeclared"). Expected output:
# ValueError: max() arg is an empty sequence


def main(argv):
    try:
        print(max([]))
    except ValueError as e:
        print("ValueError:", e)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
