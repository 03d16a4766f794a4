# sys.exit with a string: the message goes to stderr and the status is 1; with an int from a
# nested call the status is that int (here the string form).
import sys


def stop(reason):
    print("stopping:", reason)
    sys.exit("fatal: " + reason)


def main(argv):
    try:
        stop("disk full")
    finally:
        print("finally still runs")
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
