# NOT YET SUPPORTED: `*` width and precision in %-formatting ("the `%*` conversion is not
# supported by the translator yet"). Expected:
#    42 ab    | 3.14


def main(argv):
    print("%*d" % (5, 42), "%-*s|" % (6, "ab"), "%.*f" % (2, 3.14159))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
