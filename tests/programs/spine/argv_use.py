# rpy: args=7 hello 2.5
# main(argv): argv[0] is the program, the rest are the arguments.

def main(argv):
    print(len(argv))
    n = int(argv[1])
    print(n * 6, argv[2], float(argv[3]) * 2)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
