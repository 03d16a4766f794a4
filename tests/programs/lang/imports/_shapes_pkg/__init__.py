# A package: its __init__ defines a base class; a submodule defines subclasses.

UNIT = "cm"


class Shape:
    def __init__(self, name):
        self.name = name

    def area(self):
        return 0

    def label(self):
        return self.name + ":" + str(self.area()) + UNIT
