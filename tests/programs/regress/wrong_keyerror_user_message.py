# WRONG OUTPUT: str() of a KeyError raised by the program with a str argument lacks the
# quotes CPython adds (KeyErrors from dict lookups are right). Expected:
# 'k'
# Got:
# k


def main(argv):
    try:
        raise KeyError("k")
    except KeyError as e:
        print(e)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
