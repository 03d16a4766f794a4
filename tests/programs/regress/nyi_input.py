# NOT YET SUPPORTED (section 4 lists it): input() - "`input()` is not supported by the
# translator yet". With stdin at end of file (the harness uses /dev/null) expected:
# EOFError: EOF when reading a line


def main(argv):
    try:
        print(input())
    except EOFError as e:
        print("EOFError:", e)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
