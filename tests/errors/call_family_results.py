def show(label, f):
    print(label, f())


def main(argv):
    show("a", lambda: b"ab")
    show("b", lambda: "text")
    return 0
