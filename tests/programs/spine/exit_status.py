# The value main returns is the exit status.

def main(argv):
    print("exiting with 3")
    return 3


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
