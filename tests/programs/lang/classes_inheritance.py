# Classes: three-level inheritance with super() in ordinary methods, __str__ falling back to
# __repr__, default identity equality, instances with __eq__ in list methods, __iter__ written as
# a generator, isinstance with tuples of classes, classes chosen at run time, method-only mixins.


class Shape:
    kind = "shape"

    def __init__(self, name):
        self.name = name
        self.tags = []

    def area(self):
        return 0.0

    def describe(self):
        return self.kind + " " + self.name + " area=" + str(round(self.area(), 2))

    def __repr__(self):
        return "Shape<" + self.name + ">"


class Rect(Shape):
    kind = "rect"

    def __init__(self, name, w, h):
        super().__init__(name)
        self.w = w
        self.h = h

    def area(self):
        return self.w * self.h

    def describe(self):
        return "[" + super().describe() + "]"


class Square(Rect):
    kind = "square"

    def __init__(self, name, side):
        super().__init__(name, side, side)
        self.tags.append("regular")

    def describe(self):
        return super().describe() + " side=" + str(self.w)


class Circle(Shape):
    kind = "circle"

    def __init__(self, name, r):
        Shape.__init__(self, name)
        self.r = r

    def area(self):
        return 3.0 * self.r * self.r


class CompareMixin:
    def same_as(self, other):
        return self.key() == other.key()


class Token(CompareMixin):
    def __init__(self, text):
        self.text = text

    def key(self):
        return self.text.lower()

    def __eq__(self, other):
        return self.text == other.text

    def __str__(self):
        return "Token(" + self.text + ")"


class Bag:
    def __init__(self):
        self.items = []

    def add(self, x):
        self.items.append(x)
        return self

    def __iter__(self):
        for x in self.items:
            if x >= 0:
                yield x * 2

    def __len__(self):
        return len(self.items)


class Plain:
    def __init__(self, v):
        self.v = v


def build(cls, n):
    return cls("made", float(n))


def main(argv):
    shapes = [Shape("blob"), Rect("r", 2.0, 3.5), Square("s", 2.0), Circle("c", 1.5)]
    for sh in shapes:
        print(sh.describe(), sh.tags, str(sh), isinstance(sh, Rect), isinstance(sh, (Circle, Square)))
    print(shapes, Square.kind, Rect("x", 1.0, 1.0).kind, shapes[2].kind)
    made = build(Circle if len(argv) > 5 else Square, 3)
    print(made.describe())
    a = Plain(1)
    b = Plain(1)
    c = a
    print(a == b, a == c, a is c, a is not b, a != b, [a, b].count(c), c in [b], a in [b, c])
    toks = [Token("x"), Token("Y"), Token("z")]
    print(Token("Y") in toks, toks.index(Token("z")), toks.count(Token("x")), Token("y") in toks)
    toks.remove(Token("x"))
    print([str(t) for t in toks], toks[0].same_as(Token("y")), toks[0] == Token("y"), toks[0] != Token("y"))
    bag = Bag().add(3).add(-1).add(5)
    print(list(bag), len(bag), sum(bag), [v + 1 for v in bag], sorted(bag, reverse=True))
    for v in bag:
        print("bag item", v)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
