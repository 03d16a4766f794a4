from _shapes_pkg import Shape
from _util import scale


class Square(Shape):
    def __init__(self, side):
        Shape.__init__(self, "square")
        self.side = side

    def area(self):
        return self.side * self.side


def scaled_square(side):
    return Square(scale(side))
