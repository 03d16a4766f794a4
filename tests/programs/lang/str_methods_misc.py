# str methods with keyword arguments, encode/decode with codec aliases and
# defaults, str.format with constant format strings (indices, keywords, specs),
# repetition and comparison corner cases.


class Pt:
    def __init__(self, x, y):
        self.x = x
        self.y = y


def main(argv):
    s = "a,b,,c"
    print(s.split(sep=","), s.split(",", maxsplit=1), s.rsplit(sep=",", maxsplit=2), "x\ny\n".splitlines(keepends=True))
    print("abc".encode(), b"abc".decode(), "é😀".encode(encoding="utf-8"), "Ünï".encode("latin-1").decode("latin-1"))
    print(b"\xe9t\xe9".decode("latin-1"), "plain".encode("ascii", "strict"))
    print("UTF-8 alias", "é".encode("UTF-8"), "é".encode("utf8"), "e".encode("us-ascii"), b"\xe9".decode("latin1"))
    print("{0}-{1}-{0}".format("a", "b"), "{}{}".format(1, 2.5), "{x}/{y}".format(x=3, y="q"), "{:>5}|{:<5}|".format("r", "l"))
    p = Pt(3, 4)
    d = {"key": "val"}
    xs = [10, 20]
    print("{0},{1}".format(p.x, p.y), "{0}".format(d["key"]), "{0}".format(xs[1]), "{x:03d}".format(x=p.x))
    print("{:,}|{:.3%}|{:e}|{:#x}|{:c}|{!r:>8}|{:^7.2f}".format(1234567, 0.5, 12.5, 255, 97, "q", 3.14159))
    print("{{}} {{{0}}} {}".format("in", "x") if False else "{{}} {{{0}}}".format("in"))
    print("ab" * 0, "ab" * -2, 3 * "xy", "" * 5, "-" * 10, len("😀" * 1000))
    print("a" < "b", "a" < "B", "Z" < "a", "abc" < "abd", "ab" < "abc", "" < "a", "é" > "z", "A" * 3 == "AAA")
    print(str(3), str(-2.5), str("s"), str(b"\x01"), str(["1", "a"]), str((1,)), str({1: "x"}), str(True))
    print("x".join(["a", "b", "c"]), ",".join([]), ",".join(str(i) for i in range(4)), "".join(sorted("bca")))
    print("title case".title().swapcase(), "Hello".ljust(2), "Hello".rjust(2), "Hi".center(1), "tab\there".expandtabs(2))
    print("abc".isidentifier(), "class".isidentifier(), "_".isidentifier(), "a-b".isidentifier(), "é1".isidentifier())
    print(" x ".isspace(), "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0".isspace(), "12".isnumeric(), "1.5".isdecimal())
    print("AbC".lower().upper().casefold(), "MiXeD".swapcase(), "ǲ".upper(), "ǲ".lower(), "ǲ".title())
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
