# Reading an argument that is not there raises IndexError.

def main(argv):
    print("args:", len(argv))
    print(argv[5])
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
