# Case mapping, padding and character predicates on ASCII, non-ASCII and astral text.


def show(s):
    print(repr(s), repr(s.upper()), repr(s.lower()), repr(s.casefold()))
    print("   ", repr(s.capitalize()), repr(s.title()), repr(s.swapcase()))


def predicates(s):
    flags = [s.isalpha(), s.isalnum(), s.isdigit(), s.isdecimal(), s.isnumeric(), s.isspace(),
             s.isupper(), s.islower(), s.istitle(), s.isidentifier(), s.isprintable(), s.isascii()]
    return "".join(["T" if f else "." for f in flags])


def main(argv):
    for s in ["", "a", "ß", "ﬁsh", "İstanbul", "ΣΊΣΥΦΟΣ", "straße STRASSE", "hello-world_foo bar2baz",
              "𝐀𝐁𝐂 𐐀𐐨", "ǅemal ǆ", "123abc ABC", "élan ÉLAN", "ŉ", "ﬀ ﬃ", "o'neil's", "ǈ"]:
        show(s)
    for s in ["", "abc", "ABC", "Abc", "a1", "١٢٣", "²", "½", "Ⅻ", "𝟘𝟙", " \t\u2028", "\x1f", "é",
              "日本語", "Hello World", "Hello world", "_x1", "1x", "x y", "ǅ", "𐐀", "a\u0301", "\u00a0",
              "ÀB", "A1B", "ａｂｃ", "αβγ", "Δ", "\u200b", "x\u0300"]:
        print(repr(s), predicates(s))
    for s in ["é", "日本", "😀x", ""]:
        print("[" + s.center(7, "·") + "]", "[" + s.ljust(5, "✓") + "]", "[" + s.rjust(4, "😀") + "]",
              "[" + s.zfill(4) + "]", "[" + s.center(4) + "]")
    print("-12".zfill(6), "+x".zfill(4), "é".zfill(3), "123".zfill(2), repr("".zfill(0)), "-".zfill(3))
    print(repr("a\tß\t😀\tend".expandtabs(3)), repr("line1\n\tx\r\ty".expandtabs(4)), repr("abc\t".expandtabs(0)))
    print("abc".center(6), "|" + "abc".center(6, "-") + "|", "|" + "ab".center(5, "-") + "|", "|" + "a".center(4, "=") + "|")
    words = "the QUICK bRoWn fox".split()
    print([w.capitalize() for w in words], [w.swapcase() for w in words])
    print("ß".upper(), len("ß".upper()), "ﬁ".upper(), "İ".lower(), len("İ".lower()), "Σ".lower(), "ΑΣ".lower(), "ΑΣ Α".lower())
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
