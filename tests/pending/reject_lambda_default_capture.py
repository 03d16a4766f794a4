# TRANSLATION ERROR (not documented in LANGUAGE.md): the common `lambda i=i:` idiom,
# "a computed default value in a nested function is not supported in RPy". Expected:
# [0, 10, 20]


def main(argv):
    fs = []
    for i in range(3):
        fs.append(lambda i=i: i * 10)
    print([f() for f in fs])
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
