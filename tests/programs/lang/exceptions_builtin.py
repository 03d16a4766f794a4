# Messages of built-in exceptions raised by operations, caught by their own class and by their
# bases (LookupError, ArithmeticError, ValueError for UnicodeError, Exception); MemoryError and
# the TypeError of ord() on a longer string.
import math
import sys


def attempt(n, xs, t, s, d):
    if n == 0:
        return str(xs[xs[1] + 4])
    if n == 1:
        return s[-10]
    if n == 2:
        return str(b"ab"[2])
    if n == 3:
        ba = bytearray(b"x")
        return str(ba[3])
    if n == 4:
        return str(d[(1, "x")])
    if n == 5:
        return str(1 // xs[0])
    if n == 6:
        return str(1 % xs[0])
    if n == 7:
        return str(1 / xs[0])
    if n == 8:
        return str(1.0 // float(xs[0]))
    if n == 9:
        return str(1.5 % float(xs[0]))
    if n == 10:
        return str(divmod(1, xs[0]))
    if n == 11:
        return str(float(xs[0]) ** -1)
    if n == 12:
        return str(int(float("nan")))
    if n == 13:
        return str(int(float("-inf")))
    if n == 14:
        return str(math.sqrt(-1.0))
    if n == 15:
        return str(math.log(0.0))
    if n == 16:
        return str(math.exp(1000.0))
    if n == 17:
        return str(int("10", 1))
    if n == 18:
        return str(int("12", 2))
    if n == 19:
        return str(int(""))
    if n == 20:
        return str(float(" "))
    if n == 21:
        return chr(0x110000)
    if n == 22:
        return str(list(range(0, 5, xs[0])))
    if n == 23:
        return str(bytes.fromhex("0g"))
    if n == 24:
        return str(1 << -1)
    if n == 25:
        return str(math.fmod(1.0, 0.0))
    if n == 26:
        return str(10.0 ** 400)
    if n == 27:
        return str(min(xs[:0]))
    if n == 28:
        return str(xs[0:0].pop())
    if n == 29:
        return str(s.index("zz", 1))
    return "no error"


def main(argv):
    xs = [0, 1]
    t = (1, 2)
    s = "abc"
    d = {(0, "y"): 1}
    for n in range(31):
        try:
            print(n, attempt(n, xs, t, s, d))
        except IndexError as e:
            print(n, "IndexError:", e)
        except KeyError as e:
            print(n, "KeyError:", e)
        except ZeroDivisionError as e:
            print(n, "ZeroDivisionError:", e)
        except OverflowError as e:
            print(n, "OverflowError:", e)
        except ValueError as e:
            print(n, "ValueError:", e)
    for n in [0, 4, 5, 16]:
        try:
            attempt(n, xs, t, s, d)
        except LookupError as e:
            print("LookupError catches", n, e)
        except ArithmeticError as e:
            print("ArithmeticError catches", n, e)
    try:
        print(b"\xff\xfe".decode("utf-8"))
    except UnicodeDecodeError as e:
        print("UnicodeDecodeError:", e)
    try:
        print("naïve".encode("ascii"))
    except UnicodeEncodeError as e:
        print("UnicodeEncodeError:", e)
    try:
        print("€".encode("latin-1"))
    except UnicodeError as e:
        print("UnicodeError:", e)
    try:
        print(b"ok \xe9".decode("ascii"))
    except ValueError as e:
        print("ValueError:", e)
    try:
        print(b"\xe2\x82".decode("utf-8"))
    except Exception as e:
        print("Exception:", e)
    try:
        raise IndexError("custom index message")
    except LookupError as e:
        print("LookupError:", e)
    try:
        raise KeyError("k")
    except Exception:
        print("Exception caught KeyError")
    try:
        raise ValueError
    except ValueError as e:
        print("bare class:", repr(str(e)))
    try:
        raise RuntimeError()
    except RuntimeError as e:
        print("no args:", repr(str(e)))
    try:
        assert xs[0] == 1
    except AssertionError as e:
        print("AssertionError:", repr(str(e)))
    try:
        assert xs[0] == 1, "xs[0] is " + str(xs[0])
    except AssertionError as e:
        print("AssertionError:", e)
    try:
        next(iter(xs[:0]))
    except StopIteration as e:
        print("StopIteration:", repr(str(e)))
    try:
        huge = [0] * (sys.maxsize // 2)
        print(len(huge))
    except MemoryError:
        print("MemoryError from a huge list")
    try:
        print(ord(s + s))
    except TypeError as e:
        print("TypeError:", e)
    try:
        raise NotImplementedError("later")
    except RuntimeError as e:
        print("NotImplementedError is a RuntimeError:", e)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
