# bytes: operators, indexing, slicing, iteration, constructors and the methods, with errors.

from rlib.rstring import BytesBuilder


def show(label, f):
    # f returns a repr: the lambdas passed here share one signature.
    try:
        print(label, f())
    except ValueError as e:
        print(label, "ValueError:", e)
    except IndexError as e:
        print(label, "IndexError:", e)
    except TypeError as e:
        print(label, "TypeError:", e)


def pick(c):
    if c:
        return b"yes"
    return None


def to_int(b):
    try:
        return int(b)
    except ValueError as e:
        print("ValueError:", e)
        return -1


def main(argv):
    b = b"Hello, World"
    e = b""
    print(len(b), len(e), b[0], b[-1], b[-12], e == b"", bool(e), bool(b))
    print(b[2:5], b[:-3], b[::2], b[::-3], b[5:2], b[-100:100], e[::-1])
    show("b[12]", lambda: repr(b[12]))
    show("b[-13]", lambda: repr(b[-13]))
    show("step 0", lambda: repr(b[::0]))
    print(b + b"!", e + e, b"ab" * 3, 3 * b"xy", b"ab" * 0, b"ab" * -2, e * 5)
    acc = b""
    for i in range(3):
        acc += b"%d" if i == 1 else b"."
    acc *= 2
    print(acc)
    print(b"a" < b"b", b"ab" < b"a", b"" < b"a", b"abc" <= b"abc", b"b" > b"abc", b"x" >= b"y", b"a" != b"a")
    print(b"a" == "a", b"a" != "a", 1 == b"1", b"" == [], b"x" == None, None != b"")
    print(108 in b, 0 in b, b"World" in b, b"" in b, b"xyz" in b, b"o, W" not in b)
    show("256 in b", lambda: repr(256 in b))
    total = 0
    for x in b:
        total += x
    print(total, list(b"\x00\x7f\x80\xff"), sum(b"abc"), max(b"hello"), min(b"hello"), sorted(b"cab"))
    print([x for x in reversed(b"abc")], list(enumerate(b"hi")))
    print(bytes(), bytes(3), bytes([65, 66, 67]), bytes(range(97, 100)), bytes(b"copy"), bytes(bytearray(b"ba")))
    print(bytes("héllo", "utf-8"), bytes("abc", "ascii"), bytes("é", encoding="latin-1"))
    show("bytes(-1)", lambda: repr(bytes(-1)))
    show("bytes([256])", lambda: repr(bytes([256])))
    show("bytes([-1])", lambda: repr(bytes([-1])))
    print(repr(b"'"), repr(b'"'), repr(b"'\""), repr(b"\t\n\r\x0b\\"), str(b"x"), f"{b'y'}", "%s" % b"z")
    # methods
    s = b"  one two  three "
    print(s.split(), s.split(b" "), s.split(None, 1), s.rsplit(None, 1), s.rsplit(b" ", 2), b"a,b,,c".split(b",", 2))
    show("split empty", lambda: repr(s.split(b"")))
    print(s.strip(), s.lstrip(), s.rstrip(), b"xxaxx".strip(b"x"), b"abcba".lstrip(b"ab"), b"abcba".rstrip(b"ab"))
    print(b"a\nb\r\nc\rd\n".splitlines(), b"a\nb\r\n".splitlines(True), b"".splitlines())
    print(s.find(b"two"), s.find(b"zz"), s.rfind(b"e"), s.find(111), s.find(b"o", 5), s.find(b"o", 2, 4), s.rfind(b"o", -3))
    print(s.index(b"one"), s.rindex(b"t"), s.count(b"e"), s.count(b""), s.count(32), b"aaaa".count(b"aa"))
    show("index", lambda: repr(s.index(b"four")))
    show("rindex", lambda: repr(s.rindex(116, 0, 3)))
    show("find 300", lambda: repr(s.find(300)))
    print(s.startswith(b"  o"), s.endswith(b"e "), s.startswith(b"one", 2), s.startswith((b"x", b"  ")), s.endswith((b"a", b"b")))
    print(s.replace(b" ", b""), s.replace(b"e", b"E", 2), b"abc".replace(b"", b"-"), b"aaa".replace(b"a", b"bb"))
    print(b"MiXed 123".upper(), b"MiXed 123".lower(), b"hello wORLD".capitalize(), b"hello wORLD".title(), b"they're 2nd".title(), b"MiXed".swapcase())
    print(b"abc".isalpha(), b"ab1".isalpha(), b"123".isdigit(), b"".isdigit(), b"a1".isalnum(), b" \t\n".isspace(), b"ABC1".isupper(), b"abc".islower(), b"Aa".islower())
    print(b"Title Case".istitle(), b"Not title".istitle(), b"".istitle(), b"abc".isascii(), b"\x80".isascii(), b"".isascii())
    print(b"hi".center(6), b"hi".center(7, b"*"), b"hi".center(1), b"hi".ljust(5, b"-"), b"hi".rjust(5), b"42".zfill(5), b"-42".zfill(5), b"+".zfill(3))
    show("center fill", lambda: repr(b"hi".center(6, b"ab")))
    print(b"a\tbc\td".expandtabs(), b"a\tb".expandtabs(4), b"ab\n\tc".expandtabs(2))
    print(b"prefix-body".removeprefix(b"prefix-"), b"body".removeprefix(b"x"), b"body.py".removesuffix(b".py"), b"x".removesuffix(b""))
    print(b"k=v=w".partition(b"="), b"k=v=w".rpartition(b"="), b"kvw".partition(b"="), b"kvw".rpartition(b"="))
    print(b"-".join([b"a", b"b", b"c"]), b"".join([]), b", ".join([b"x"]), b"+".join([bytearray(b"p"), bytearray(b"q")]))
    print(b"\x00\x0f\xf0\xff".hex(), b"".hex(), b"abcdef".hex(":"), b"abcde".hex("-", 2), b"abcde".hex(b"_", -2), b"ab".hex(":", 0))
    show("hex sep", lambda: repr(b"ab".hex("::")))
    print(bytes.fromhex(""), bytes.fromhex("00ff"), bytes.fromhex(" 0a 0B\t1c "), b"".fromhex("41"))
    show("fromhex odd", lambda: repr(bytes.fromhex("abc")))
    show("fromhex bad", lambda: repr(bytes.fromhex("0g")))
    show("fromhex space", lambda: repr(bytes.fromhex("a b")))
    show("fromhex non-ascii", lambda: repr(bytes.fromhex("00 é")))
    t = bytes.maketrans(b"abc", b"xyz")
    print(len(t), b"aabbcc".translate(t), b"abcabc".translate(None, b"b"), b"abc".translate(t, b"a"))
    show("maketrans", lambda: repr(bytes.maketrans(b"ab", b"x")))
    show("translate", lambda: repr(b"ab".translate(b"short")))
    print(b"caf\xc3\xa9".decode("utf-8"), b"abc".decode(), b"\xe9".decode("latin-1"), len("é".encode()))
    show("decode", lambda: repr(b"\xff".decode("utf-8")))
    a, c = b"xy"
    print(a, c, b"xyz"[1:][0], isinstance(b, bytes), isinstance(b, str), hash(b"abc") == hash(b"ab" + b"c"))
    x, y = pick(len(argv) > 5), pick(len(argv) < 5)
    print(x, y, x is None, y is not None, repr(x), [x, y])
    if y is not None:
        print(y.upper(), len(y))
    print(ord(b"a"), ord(b"\xff"), to_int(b" -12 "), int(b"ff", 16), int(b"0x1f", 0), to_int(b"x1"), to_int(b"\xff"), to_int(b""))
    show("ord", lambda: repr(ord(b"ab")))
    bb = BytesBuilder()
    bb.append(b"ab")
    bb.append_slice(b"0123456", 2, 5)
    bb.append_multiple_char(b"z", 3)
    print(bb.getlength(), bb.build())
    d = {b"k": 1, b"j": 2}
    print(d[b"k"], b"j" in d, sorted([b"b", b"a", b"ab"]), b"x" in [b"y", b"x"], {b"a", b"a"} == {b"a"})
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
