# == and != between values of different kinds (a list and a str, tuples of different
# lengths, a number and a str) are False and True, as in CPython.

def main(argv):
    x = [1]
    s = "key"
    print(x == s, s != x, 1 == s, s == 1.5, (1, 2) == s, x == (1,), [] == "key", 2 == [2])
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
