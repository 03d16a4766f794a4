# Searching, splitting and stripping with negative and out-of-range bounds, multi-character
# separators, astral characters, and the errors of index/rindex/split.


def main(argv):
    s = "abcabcab"
    print(s.find("b", -3), s.find("b", -100), s.find("b", 3, -1), s.find("b", 10), s.find("", 8), s.find("", 9))
    print(s.rfind("a", -4, -1), s.rfind("c", 0, -10), s.rfind("", 2, 5), s.count("ab", -5), s.count("", 2, 4))
    print(s.index("ca", 1), s.rindex("ab", 0, 5), s.count("abc", 0, -1), s.count("b", -2, -1))
    print(s.startswith("ca", 2), s.startswith("ab", -2), s.endswith("bc", 0, 6), s.endswith(("x", "ca"), 0, 4))
    print(s.startswith(("z", "y")), s.startswith(""), "".startswith(""), "".endswith("a"), s.startswith("a", 100))
    u = "x😀y😀z€"
    print(len(u), u.find("😀"), u.rfind("😀"), u.count("😀"), u.index("z"), u[u.find("y"):], u.find("€", -1))
    print(u.split("😀"), u.rsplit("😀", 1), u.partition("😀"), u.rpartition("😀"), u.replace("😀", "-", 1))
    print("a::b::c".split("::"), "a::b::c".rsplit("::", 1), "::".split("::"), "a:b".split("::"))
    print("a b c d".split(None, 2), "a b c d".rsplit(None, 2), "  a  b  ".split(None, 1), "  a  b  ".rsplit(None, 1))
    print("a,b,c".split(",", -1), "a,b,c".split(",", 0), "a,b,c".rsplit(",", 0), ",a,".split(","))
    print("x\x1cy\x1dz\x1e!\x85#\u2028$\u2029%\x0b^\x0c&".splitlines())
    print("one\r\ntwo\r\n".splitlines(True), "\n".splitlines(), "\n\n".splitlines(), "a\n".split("\n"))
    print("abc".partition("abc"), "abc".partition(""[:0] + "c"), "aXbXc".rpartition("X"), "".partition("x"))
    print("".join([]), "-".join(["solo"]), ", ".join("abc"), "😀".join(["a", "b"]), "".join(["é", "😀"]))
    print(repr("\u3000 x \u3000".strip()), repr("xyzyx".strip("xy")), repr("😀a😀".strip("😀")), repr("abc".strip("")))
    print(repr("  ".lstrip()), repr("aaa".rstrip("a")), repr("mississippi".rstrip("ips")), repr("éèe".lstrip("é")))
    print("aaaa".replace("a", "b", 0), "aaaa".replace("a", "b", -1), "aaaa".replace("aa", "a"), "".replace("", "x"))
    print("abc".replace("", "-", 2), "ababab".replace("aba", "X"), "x".replace("x", "yyy", 1))
    print("Hello" in "Hello, world", "" in "", "lo, w" in "Hello, world", "😀" in u, "😃" not in u)
    print("unprefixed".removeprefix(""), "abc".removesuffix("abc"), "abc".removesuffix(""), "aab".removeprefix("a"))
    try:
        print(s.index("zz"))
    except ValueError as e:
        print("ValueError:", e)
    try:
        print(s.rindex("a", 1, 3))
    except ValueError as e:
        print("ValueError:", e)
    try:
        print("a b".split(""))
    except ValueError as e:
        print("ValueError:", e)
    try:
        print("a b".rsplit(""))
    except ValueError as e:
        print("ValueError:", e)
    try:
        print("a b".partition(""))
    except ValueError as e:
        print("ValueError:", e)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
