# Reading an attribute that nothing assigns: CPython raises AttributeError when it runs; rpy
# reports it at translation time.


class Node:
    def __init__(self, name):
        self.name = name
        self.terminal = False


def main(argv):
    n = Node("a")
    if not n.terminal:
        print(n.termnal)
    return 0
