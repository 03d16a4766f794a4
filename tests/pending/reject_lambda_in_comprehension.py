# TRANSLATION ERROR: a lambda inside a list comprehension that reads the comprehension
# variable: "name `j` is not defined". Expected:
# [3, 3, 3, 3]


def main(argv):
    fs = [lambda: j for j in range(4)]
    print([f() for f in fs])
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
