# Literal forms: integer literals in every base with underscores, float literals, string
# literals (raw, triple-quoted, implicit concatenation, every escape incl. \N{...}), bytes
# literals, and line continuations.


def main(argv):
    print(0x_FF, 0o7_7, 0b_1010_1010, 1_000_000, 0, 00, 0xdeadBEEF, 0O17, 0B1, 0X1f)
    print(1.5, .5, 5., 1e3, 1E-3, 1_0.0_1, 3.14_15, 1e0_1, 0e0, 1.7976931348623157e308, 4.9e-324)
    print("a" "b" 'c', 'single "double" inside', "double 'single' inside", """tri "quoted" 'both'""")
    print(r"raw\n\t\\", R'raw \' quote', r"C:\dir\new", len(r"\x41"), rb"\x00" + b"", Rb"\d")
    print("\x41\x62\u00e9\u4e2d\U0001F600\101\0\7\08".encode("utf-8"))
    print("\N{GREEK SMALL LETTER ALPHA}\N{SNOWMAN}\N{LATIN CAPITAL LETTER A WITH GRAVE}", len("\N{EM DASH}"))
    print(repr("\a\b\f\n\r\t\v\\\'\""), repr('\x00\x1f\x7f\x80\x9f\xa0\xad'), len("\
continued"))
    print(b"\x00\xff\n\t\\\'\"", b'\101', b"a" b"b", len(b"\x00\x01"), list(b"\x80\x7f"))
    text = """line one
    line two\tindented
\"escaped quotes\" and 'single'"""
    print(text)
    print(text.splitlines()[1].strip(), len(text.splitlines()))
    mixed = ('parenthesized '
             'implicit '
             "concatenation")
    print(mixed)
    total = 1 + \
        2 + \
        3
    print(total, [1,
                  2,
                  3], {"k":
                       "v"})
    print(True, False, None)
    x = 5; y = 6; print(x * y)
    if x < y: print("one-line if")
    for ch in "ab": print(ch, end=";")
    print()
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
