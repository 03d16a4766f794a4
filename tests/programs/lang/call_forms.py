# Call forms: keyword arguments in any order, defaults of several types, *t with a tuple of known
# length (also mixed with positional arguments), bound methods and classes stored in dicts and
# attributes, functions passed and returned, and recursion through a function value.


def fmt(value, width=6, fill=" ", left=False, suffix=None):
    text = str(value)
    if suffix is not None:
        text = text + suffix
    pad = fill * max(0, width - len(text))
    return text + pad if left else pad + text


def area(w, h, scale=1.0):
    return w * h * scale


class Greeter:
    def __init__(self, greeting):
        self.greeting = greeting

    def greet(self, name, punct="!"):
        return self.greeting + ", " + name + punct


class Animal:
    def __init__(self, name):
        self.name = name

    def sound(self):
        return self.name + " is silent"


class Cat(Animal):

    def sound(self):
        return self.name + " meows"


class Dog(Animal):

    def sound(self):
        return self.name + " barks"


class Holder:
    def __init__(self, fn):
        self.fn = fn


def twice(f, x):
    return f(f(x))


def make_pow(n):
    def p(x):
        r = 1
        for _ in range(n):
            r *= x
        return r
    return p


def countdown(f, n):
    if n == 0:
        return "liftoff"
    return str(n) + " " + f(f, n - 1)


def main(argv):
    print("[" + fmt("42") + "]", "[" + fmt("42", 4, "0") + "]", "[" + fmt("x", left=True, fill=".") + "]")
    print("[" + fmt(suffix="%", value="7", width=4) + "]", "[" + fmt("3.5", fill="*", width=8, left=True, suffix="s") + "]")
    dims = (2.0, 3.0)
    full = (2.0, 3.0, 0.5)
    print(area(*dims), area(*full), area(*dims), area(1.5, *dims[1:]), area(h=4.0, w=0.5))
    g = Greeter("Hello")
    hi = g.greet
    print(hi("Ann"), hi("Bob", "?"), g.greet(punct=".", name="Cy"), Greeter("Hey").greet("Di", punct=""))
    actions = {"greet": g.greet, "shout": Greeter("HEY").greet}
    for k in sorted(actions):
        print(k, actions[k]("you"))
    kinds = {"cat": Cat, "dog": Dog}
    pets = [kinds[k](k.upper()) for k in ["dog", "cat", "dog"]]
    print([p.sound() for p in pets])
    h = Holder(make_pow(3))
    h2 = Holder(lambda x: x + 100)
    print(h.fn(2), h2.fn(2), twice(h.fn, 2), twice(h2.fn, 0), twice(make_pow(2), 3))
    print(countdown(countdown, 3))
    fs = [make_pow(0), make_pow(1), make_pow(4), abs_like]
    print([f(-2) for f in fs])
    return 0


def abs_like(x):
    return x if x >= 0 else -x


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
