# WRONG OUTPUT: list.index(x, start[, end]) ignores start and end. Expected:
# 3 5 1
# ValueError: 'y' is not in list
# Got:
# 1 2 1
# 1


def main(argv):
    xs = [5, 3, 8, 3, 1, 8, 0]
    print(xs.index(3, 2), xs.index(8, -2), xs.index(3, 0, 3))
    try:
        print(["x", "y"].index("y", 0, 1))
    except ValueError as e:
        print("ValueError:", e)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
