# User exceptions: a three-level hierarchy with attributes, custom __str__, handlers chosen by
# base class and by tuples of classes, isinstance on the caught exception, exception instances
# stored, raised later and re-raised by name, and exceptions subclassing built-in ones.


class AppError(Exception):
    def __init__(self, msg, code):
        super().__init__(msg)
        self.code = code


class IOFailure(AppError):
    def __init__(self, path):
        super().__init__("cannot read " + path, 2)
        self.path = path


class Timeout(IOFailure):
    def __init__(self, path, secs):
        super().__init__(path)
        self.secs = secs

    def __str__(self):
        return "timeout after " + str(self.secs) + "s on " + self.path


class BadValue(ValueError):
    pass


class Missing(KeyError):
    pass


def fail(kind):
    if kind == 0:
        raise AppError("generic", 1)
    if kind == 1:
        raise IOFailure("/etc/x")
    if kind == 2:
        raise Timeout("/dev/y", 30)
    if kind == 3:
        raise BadValue("bad value here")
    if kind == 4:
        raise Missing("mk")
    return "fine"


def classify(kind):
    try:
        return fail(kind)
    except Timeout as e:
        return "Timeout " + str(e) + " code=" + str(e.code) + " secs=" + str(e.secs)
    except IOFailure as e:
        return "IOFailure " + str(e) + " path=" + e.path
    except AppError as e:
        return "AppError " + str(e) + " code=" + str(e.code)
    except (BadValue, Missing) as e:
        return "builtin-derived " + str(isinstance(e, ValueError)) + " " + str(isinstance(e, LookupError))


def main(argv):
    for k in range(6):
        print(k, classify(k))
    saved = []
    for k in range(3):
        try:
            fail(k)
        except AppError as e:
            saved.append(e)
    print(len(saved), [x.code for x in saved], [str(x) for x in saved])
    print([isinstance(x, IOFailure) for x in saved], [isinstance(x, Timeout) for x in saved])
    for e in saved:
        try:
            raise e
        except IOFailure as caught:
            print("re-raised IOFailure:", caught.path, caught is e)
        except AppError as caught:
            print("re-raised AppError:", caught.code)
    try:
        fail(3)
    except ValueError as e:
        print("BadValue caught as ValueError:", e)
    try:
        fail(2)
    except Exception as e:
        print("caught as Exception:", e, isinstance(e, AppError))
    err = Timeout("/tmp/z", 5)
    print(str(err), err.code, err.path, err.secs)
    try:
        try:
            fail(1)
        except IOFailure as e:
            e.code = 99
            raise
    except AppError as e:
        print("modified before re-raise:", e.code)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
