# bytearray: construction, mutation by index and slice, the list-like methods, operators,
# the bytes methods (giving bytearray where CPython does), and the errors.


def show(label, f):
    # f returns a repr: the lambdas passed here share one signature.
    try:
        print(label, f())
    except ValueError as e:
        print(label, "ValueError:", e)
    except IndexError as e:
        print(label, "IndexError:", e)


def set_item(ba, i, v):
    ba[i] = v
    return ba


def set_slice(ba, v):
    ba[::2] = v
    return ba


def set_slice_ints(ba, v):
    ba[:1] = v
    return ba


class Box:
    def __init__(self, data):
        self.data = data


def main(argv):
    print(bytearray(), bytearray(3), bytearray(b"abc"), bytearray(bytearray(b"x")), bytearray([1, 2, 255]), bytearray(range(3)))
    print(bytearray("héllo", "utf-8"), bytearray("abc", encoding="ascii"), bytearray.fromhex("41 42"), bytearray(x for x in [7, 8]))
    show("bytearray(-1)", lambda: repr(bytearray(-1)))
    show("bytearray([256])", lambda: repr(bytearray([256])))
    ba = bytearray(b"hello")
    print(ba, len(ba), ba[0], ba[-1], ba[1:3], ba[::-1], ba[::2], ba[10:], ba == b"hello", b"hello" == ba, ba != bytearray(b"hello"))
    show("ba[5]", lambda: repr(ba[5]))
    show("ba[-6]", lambda: repr(ba[-6]))
    ba[0] = 72
    ba[-1] += 1
    ba[1] ^= 0x20
    ba[2] <<= 0
    print(ba)
    show("set 256", lambda: repr(set_item(ba, 0, 256)))
    show("set -1", lambda: repr(set_item(ba, 0, -1)))
    show("set [9]", lambda: repr(set_item(ba, 9, 1)))
    show("set bad both", lambda: repr(set_item(ba, 9, 300)))
    # slices
    z = bytearray(b"0123456789")
    z[2:4] = b"ab"
    print(z)
    z[2:4] = b""
    print(z)
    z[:0] = b">>"
    print(z)
    z[len(z):] = bytearray(b"<<")
    print(z)
    z[5:2] = b"XY"
    print(z)
    z[1:3] = [65, 66, 67]
    print(z)
    z[::3] = b"-" * len(z[::3])
    print(z)
    z[::-4] = bytes(len(z[::-4]))
    print(z)
    z[::2] = b""
    print(z)
    del z[0]
    del z[-1]
    del z[1:3]
    print(z)
    del z[::2]
    print(z)
    del z[:]
    print(z, len(z))
    show("extended", lambda: repr(set_slice(bytearray(b"abcdef"), b"xy")))
    show("slice byte", lambda: repr(set_slice_ints(bytearray(b"ab"), [999])))
    show("del [5]", lambda: repr(bytearray(b"ab").pop(5)))
    # list-like methods
    m = bytearray()
    for i in range(20):
        m.append(65 + i)
    m.extend(b"!!")
    m.extend(bytearray(b"??"))
    m.extend([48, 49])
    m.extend(range(50, 52))
    print(m, len(m))
    print(m.pop(), m.pop(0), m.pop(-2), m)
    m.insert(0, 97)
    m.insert(-1, 98)
    m.insert(100, 99)
    m.insert(-100, 100)
    m.remove(66)
    print(m)
    show("remove", lambda: repr(m.remove(0)))
    show("remove 256", lambda: repr(m.remove(256)))
    show("append 256", lambda: repr(m.append(256)))
    show("insert 256", lambda: repr(m.insert(0, 256)))
    show("extend 256", lambda: repr(m.extend([1, 256])))
    show("pop empty", lambda: repr(bytearray().pop()))
    m.reverse()
    c = m.copy()
    m.clear()
    print(m, c, len(m), bool(m), bool(c))
    # operators
    x = bytearray(b"ab")
    y = x
    x += b"cd"
    x += bytearray(b"ef")
    print(x, y, x is y, x + b"!", b"!" + x, x * 2, 2 * x, x * 0)
    y *= 2
    print(x, len(y))
    print(bytearray(b"a") < b"b", bytearray(b"b") <= bytearray(b"a"), b"a" > bytearray(b""), bytearray(b"ab") >= b"ab")
    print(98 in x, b"cd" in x, bytearray(b"dab") in x, b"zz" in x, 0 in x)
    total = 0
    for v in bytearray(b"\x01\x02\xff"):
        total += v
    print(total, list(bytearray(b"hi")), [v for v in reversed(bytearray(b"abc"))], sum(bytearray(b"\x05\x05")), bytes(bytearray(b"\x00a")))
    # the bytes methods
    t = bytearray(b" Mixed Case, words ")
    print(t.upper(), t.lower(), t.strip(), t.split(), t.split(b","), t.rsplit(None, 1), t.partition(b","), t.rpartition(b"x"))
    print(t.find(b"Case"), t.rfind(b"s"), t.index(b"w"), t.count(b"s"), t.count(115), t.find(0x4d), t.startswith(b" M"), t.endswith((b"x", b" ")))
    print(t.replace(b" ", b"_"), t.title(), t.swapcase(), t.capitalize(), t.center(24, b"*"), t.ljust(20), t.zfill(21), t.hex(" ", 4))
    print(bytearray(b"a1").isalnum(), bytearray(b"").isdigit(), bytearray(b"AB").isupper(), bytearray(b"Ab Cd").istitle(), t.isascii())
    print(bytearray(b"-").join([b"a", b"b"]), bytearray(b"ab\ncd\n").splitlines(), bytearray(b"a\tb").expandtabs(4))
    print(bytearray(b"x.py").removesuffix(b".py"), bytearray(b"caf\xc3\xa9").decode("utf-8"), t.translate(None, b" "))
    show("index", lambda: repr(t.index(b"zz")))
    print(repr(bytearray(b"it's")), str(bytearray(b"\x00")), f"{bytearray(b'q')}", [bytearray(b"in list")], (bytearray(b"t"),))
    print(isinstance(t, bytearray), isinstance(t, bytes), bytearray(b"b") == bytearray(b"b"), [bytearray(b"x")] == [bytearray(b"x")])
    u, v = bytearray(b"uv")
    print(u, v, ord(bytearray(b"z")), int(bytearray(b" 42 ")))
    box = Box(bytearray(b"box"))
    box.data.append(49)
    box.data[0] = 66
    l = [bytearray(b"b"), box.data, bytearray(b"a")]
    l.sort()
    print(l, max(l), bytearray(b"a") in l, l.index(bytearray(b"b")))
    # growing while iterating sees the new items, as in CPython
    g = bytearray(b"ab")
    for x in g:
        if len(g) < 6:
            g.append(x + 1)
    print(g, repr(bytearray(b"\\'")), repr(bytearray(b"'\"")), repr(bytearray(b"'")))
    big = bytearray()
    for i in range(100000):
        big.append(i % 256)
    print(len(big), big[-1], sum(big) % 1000, big[1000:1004])
    big[10:99990] = b""
    print(len(big), big[9:11].hex())
    empty = bytearray()
    print(empty[::-1], empty[:], empty.hex(), empty.split(), empty.strip(), empty == b"", empty < b"\x00")
    s = bytearray(b"abc")
    s[1:2] = s
    s.extend(s)
    s[::-1] = s
    print(s)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
