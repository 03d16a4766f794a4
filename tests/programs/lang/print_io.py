# Output: print with sep/end/file combinations, empty separators, print of every value kind incl.
# nested containers with strings (repr inside containers), sys.stdout.write and
# sys.stderr.write interleaved with print, and flush of partial lines at exit.
import sys


class V:
    def __init__(self, n):
        self.n = n

    def __str__(self):
        return "V" + str(self.n)

    def __repr__(self):
        return "V(" + str(self.n) + ")"


def main(argv):
    print("a", "b", sep="")
    print("a", "b", sep="", end="")
    print("|")
    print(sep="-")
    print("x", end="\n\n")
    print("one", "two", "three", sep=" < ", end=" >\n")
    print(1, 2.0, "s", b"b", True, None, [1], ("t",), {"k": "v"}, sep="|")
    print([["nested", "strs"], ["é", "\n"]], {"a": [1.5, -0.0]}, [(1, "x")], [b"\x00"])
    print(V(1), [V(2)], (V(3),), {"k": V(4)}, str(V(5)), repr(V(6)), f"{V(7)}", "%s" % V(8))
    print("to stderr", 42, sep=":", file=sys.stderr)
    n = sys.stdout.write("written directly\n")
    print(n)
    sys.stderr.write("stderr direct\n")
    parts = ["p1", "p2", "p3"]
    for p in parts:
        print(p, end=",")
    print()
    tp = ("t1", 2, "t3")
    print(*tp)
    print("multi\nline\ttab", "unicode ✓ 😀")
    print("", "")
    print("")
    sys.stdout.write("partial line without newline")
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
