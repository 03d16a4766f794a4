# None reaching an operation that needs a value raises TypeError, as in CPython (a nullable
# str, list, dict or instance that turns out to be None). len() and iteration of a value that
# may be None are rejected at translation time instead (tests/errors).


class Box:
    def __init__(self, v):
        self.v = v

    def __add__(self, other):
        return Box(self.v + other.v)

    def __lt__(self, other):
        return self.v < other.v


def maybe_str(n):
    if n > 0:
        return "s" * n
    return None


def maybe_list(n):
    if n > 0:
        return [n]
    return None


def maybe_dict(n):
    if n > 0:
        return {n: n}
    return None


def maybe_box(n):
    if n > 0:
        return Box(n)
    return None


def attempt(what, n):
    s = maybe_str(n)
    l = maybe_list(n)
    d = maybe_dict(n)
    b = maybe_box(n)
    try:
        if what == 0:
            print(s + "|")
        elif what == 1:
            print("|" + s)
        elif what == 2:
            print(s * 2)
        elif what == 3:
            print(s < "t")
        elif what == 4:
            print(s[0])
        elif what == 5:
            print("s" in s)
        elif what == 6:
            print(s[1:] + s[:1])
        elif what == 7:
            print(s >= "a")
        elif what == 8:
            print(l[0])
        elif what == 9:
            print(l + [1])
        elif what == 10:
            del l[0]
            print(l)
        elif what == 11:
            print(l * 2)
        elif what == 12:
            print(1 in l)
        elif what == 13:
            print(d[1])
        elif what == 14:
            print(1 in d)
        elif what == 15:
            print((b + b).v)
        elif what == 16:
            print(b < b)
        elif what == 17:
            print(s == "s", s != "s", l == [1], b == b)
        elif what == 18:
            l[0] = 5
            print(l)
        elif what == 19:
            print(s[1:])
        elif what == 20:
            print(s.upper())
    except TypeError as e:
        print("TypeError:", e)
    except AttributeError as e:
        print("AttributeError:", e)


def main(argv):
    for what in range(21):
        attempt(what, 1)
        attempt(what, 0)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
