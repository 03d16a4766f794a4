# str.maketrans and str.translate: the two-string form (dict[int, int]), the dict forms (str
# or int keys; str, None or int values), hand-written tables, deletion with None, non-ASCII and
# non-BMP characters, tables built at module level, the ValueErrors CPython raises, and
# bytes/bytearray maketrans and translate. The three-argument form is a translation error
# (tests/errors/str_maketrans_three_args.py).

T = str.maketrans("abca", "xyzq")
U = str.maketrans({"a": "1", 98: None, "c": "\U0001F600"})
V = str.maketrans({"h": 74, 101: ord("E")})


def show(d):
    out = []
    for k in sorted(d.keys()):
        out.append("%d:%d" % (k, d[k]))
    return " ".join(out)


def show_str(d):
    out = []
    for k in sorted(d.keys()):
        v = d[k]
        out.append("%d:%s" % (k, "None" if v is None else repr(v)))
    return " ".join(out)


def try_maketrans2(x, y):
    try:
        t = str.maketrans(x, y)
        return "ok %d" % len(t)
    except ValueError as e:
        return "ValueError: " + str(e)


def try_keys(d):
    try:
        t = str.maketrans(d)
        return "ok %d" % len(t)
    except ValueError as e:
        return "ValueError: " + str(e)


def try_translate(s, t):
    try:
        return s.translate(t)
    except ValueError as e:
        return "ValueError: " + str(e)


def main(argv):
    table = str.maketrans("abc", "xyz")
    print("aabbcc".translate(table), "hello".translate(str.maketrans("lo", "01")),
          "remove vowels".translate(str.maketrans({"a": None, "e": None, "i": None, "o": None, "u": None})))
    print(show(table), len(str.maketrans("", "")))
    # the dict forms
    d1 = {"a": "AA", "b": None, "c": ""}
    t1 = str.maketrans(d1)
    print(show_str(t1), "abcabd".translate(t1))
    t2 = str.maketrans({ord("x"): "y", 122: None})
    print("xyzzy".translate(t2))
    t3 = str.maketrans({"h": ord("j"), "e": 0x1F600})
    print("hello".translate(t3), show(t3))
    t4 = str.maketrans({104: 74})
    print("hhh".translate(t4))
    # tables written by hand
    print("abc".translate({97: 98, 98: 99}), "abc".translate({97: "\U0001F600", 99: None}))
    print("abc".translate({97: None}), "abc".translate({}))
    # non-BMP and non-ASCII characters
    nb = str.maketrans("\U0001F600é", "e\U0001F601")
    print("x\U0001F600yéz".translate(nb), len("x\U0001F600yéz".translate(nb)))
    print("日本語".translate({ord("本"): "\U00010348\U00010349", ord("日"): None}))
    # module-level tables (a repeated key keeps its last value)
    print("abcd".translate(T), "abcd".translate(U), "hello".translate(V), len(T))
    # errors
    print(try_maketrans2("ab", "c"))
    print(try_maketrans2("\U0001F600", "é"))
    print(try_keys({"ab": "x"}))
    print(try_keys({"": "x"}))
    print(try_keys({"a": "x"}))
    print(try_translate("abc", {97: -1}))
    print(try_translate("abc", {97: 0x110000}))
    print(try_translate("xbc", {97: -1}))
    print(try_translate("abc", {97: 0x10FFFF}) == "\U0010FFFF" + "bc")
    # built in a loop, and grown after maketrans
    t5 = str.maketrans("ab", "ba")
    for c in "xyz":
        t5[ord(c)] = ord(c.upper())
    print("abxyzq".translate(t5))
    names = {}
    names["s"] = "S"
    names["t"] = None
    print("test string".translate(str.maketrans(names)))
    # bytes and bytearray
    bt = bytes.maketrans(b"abc", b"xyz")
    print(b"aabbcc".translate(bt), bytearray(b"cab").translate(bt), b"abc".translate(None, b"b"))
    print(bytearray(b"hello").translate(bytearray.maketrans(b"l", b"L"), b"o"))
    try:
        bytes.maketrans(b"ab", b"c")
    except ValueError as e:
        print("ValueError:", e)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
