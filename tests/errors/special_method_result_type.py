# A special method that CPython calls implicitly must return the type CPython expects.


class Version:
    def __init__(self, major, minor):
        self.major = major
        self.minor = minor

    def __eq__(self, other):
        return (self.major, self.minor)


def main(argv):
    print(Version(1, 2) in [Version(1, 2)])
    return 0
