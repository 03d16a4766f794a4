class Box:
    def __init__(self, value):
        self.value = value


def main(argv):
    a = Box(1)
    b = Box("one")
    print(a.value, b.value)
    return 0
