class Shape:
    def __init__(self, name):
        self.name = name

    def area(self):
        return 0.0


class Square(Shape):
    def __init__(self, side):
        Shape.__init__(self, "square")
        self.side = side

    def area(self):
        return self.side * self.side


class Circle(Shape):
    def __init__(self, r):
        Shape.__init__(self, "circle")
        self.r = r

    def area(self):
        return 3.0 * self.r * self.r


def total(shapes):
    t = 0.0
    for s in shapes:
        t += s.area()
    return t


def main(argv):
    shapes = [Square(2.0), Circle(1.0)]
    print(total(shapes))
    return 0
