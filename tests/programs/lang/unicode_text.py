# Unicode text: astral characters in len/index/slice/reverse/iterate, comparisons across planes,
# UTF-8 round trips of 1- to 4-byte characters, combining marks, repr of printable and
# non-printable characters, and case mapping of astral letters.


def utf8_lengths(s):
    return [len(c.encode("utf-8")) for c in s]


def main(argv):
    s = "a€😀𝄞é"
    print(len(s), s[2], s[-1], s[1:3], s[::-1], s[::2], [c for c in s], [ord(c) for c in s])
    print(utf8_lengths(s), len(s.encode("utf-8")), s.encode("utf-8").decode("utf-8") == s)
    print("\uffff" < "\U00010000", "😀" > "€", sorted(["😀", "z", "é", "\u0100", "\U0001F000"]), max(s), min(s))
    print(chr(0x1F600) == "😀", ord(chr(0x10FFFF)), repr(chr(0x10FFFF)), repr(chr(0xE000)), repr("\U000e0001"))
    print(repr("\u200b\u200e\u2028\u2029\ufeff"), repr("\u00ad\u0378\u0600"), repr("e\u0301"), len("e\u0301"))
    print(repr("𝄞😀€é\x80"), repr("😀"), str("😀"), ascii_free("𐐨𐐀"))
    word = "Straße😀"
    print(word.upper(), word.lower(), word.casefold(), len(word.upper()), word.title(), word.swapcase())
    print("𐐨".upper(), "𐐀".lower(), "𐐨𐐨".istitle(), "𐐀𐐨".istitle(), "𝐀".isupper(), "𝐚".islower(), "𝟙".isdigit())
    b = "\u0000\u007f\u0080\u07ff\u0800\uffff\U00010000\U0010ffff".encode("utf-8")
    print(b, len(b), b.decode("utf-8") == "\u0000\u007f\u0080\u07ff\u0800\uffff\U00010000\U0010ffff")
    print("é".encode("latin-1"), b"\xe9\xff".decode("latin-1"), "abc".encode("ascii"), "😀".encode("utf-8").hex())
    print("x😀y".find("y"), "x😀y".index("😀"), "😀😀😀".count("😀"), "😀a😀".split("a"), "😀".center(5, "-"))
    print("a😀b".replace("😀", "\N{SNOWMAN}"), "-".join("😀é"), "😀" * 3, "😀" in "x😀", "😀😀"[1:])
    rows = ["naïve", "日本語テキスト", "😀😀", ""]
    for r in rows:
        print("|" + r.ljust(8) + "|" + r.rjust(8, ".") + "|", len(r), len(r.encode("utf-8")))
    nfd = "e\u0301"
    nfc = "\u00e9"
    print(nfd == nfc, len(nfd), len(nfc), nfd.upper(), nfc.upper(), nfd.isalpha(), "\u0301".isalpha())
    return 0


def ascii_free(s):
    return str(len(s)) + ":" + s


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
