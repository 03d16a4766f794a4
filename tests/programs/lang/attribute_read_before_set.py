# Reading an attribute before anything assigned it raises AttributeError, as in CPython,
# also when another method (not __init__) assigns it later.


class Node:
    def __init__(self, name):
        self.name = name
        if len(name) > 3:
            self.label = name.upper()

    def attach(self):
        self.cache = [len(self.name)]


class Leaf(Node):
    def __init__(self, name):
        Node.__init__(self, name)
        self.label = "leaf"


def show(n):
    try:
        n.cache.append(1)
        print(n.name, n.cache)
    except AttributeError as e:
        print("AttributeError:", e)
    try:
        print(n.label.lower())
    except AttributeError as e:
        print("AttributeError:", e)


def main(argv):
    a = Node("ab")
    show(a)
    a.attach()
    show(a)
    b = Node("abcd")
    show(b)
    c = Leaf("x")
    c.attach()
    show(c)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
