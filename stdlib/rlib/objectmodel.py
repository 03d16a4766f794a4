"""Hints about how code is translated; under CPython they do nothing."""


def we_are_translated():
    """True in the translated program, False under CPython."""
    return False


class _Specialize:
    """`@specialize.argtype(n)`: one copy of the function per type of argument n;
    `@specialize.memo()`: one result per prebuilt argument."""

    def argtype(self, *args):
        return lambda f: f

    def memo(self):
        return lambda f: f


specialize = _Specialize()


def compute_hash(x):
    return hash(x)


def always_inline(f):
    return f


def not_rpython(f):
    """Marks a function that runs only under CPython (at module level, before translation)."""
    return f
