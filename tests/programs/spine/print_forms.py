# print with sep and end, of every kind of value of the slice.

def main(argv):
    print()
    print("a", "b", "c", sep="-")
    print("no newline", end="")
    print(" continued", end="!\n")
    print(1, 2.5, True, None, "text", sep=", ", end=".\n")
    print("tab\tand\nnewline")
    print("unicode: é ß Ωμέγα 日本")
    print(str(42) + str(-1.5) + str(False))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
