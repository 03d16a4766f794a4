"""Machine-word arithmetic. Translated code computes on 64-bit words; under CPython these
helpers emulate the same results."""

LONG_BIT = 64
_MASK = (1 << LONG_BIT) - 1
_SIGN = 1 << (LONG_BIT - 1)


def intmask(x):
    """The signed 64-bit word holding the low 64 bits of x."""
    x = int(x) & _MASK
    return x - (1 << LONG_BIT) if x & _SIGN else x


def ovfcheck(x):
    """x, or OverflowError if it does not fit a signed 64-bit word."""
    if not -_SIGN <= x < _SIGN:
        raise OverflowError("integer overflow")
    return x


class r_uint(int):
    """An unsigned 64-bit word: arithmetic wraps modulo 2**64."""

    def __new__(cls, value=0):
        return int.__new__(cls, int(value) & _MASK)

    def _wrap(op):
        def method(self, other):
            return r_uint(op(int(self), int(other)))
        return method

    def _rwrap(op):
        def method(self, other):
            return r_uint(op(int(other), int(self)))
        return method

    __add__ = _wrap(lambda a, b: a + b)
    __radd__ = _rwrap(lambda a, b: a + b)
    __sub__ = _wrap(lambda a, b: a - b)
    __rsub__ = _rwrap(lambda a, b: a - b)
    __mul__ = _wrap(lambda a, b: a * b)
    __rmul__ = _rwrap(lambda a, b: a * b)
    __floordiv__ = _wrap(lambda a, b: a // b)
    __rfloordiv__ = _rwrap(lambda a, b: a // b)
    __mod__ = _wrap(lambda a, b: a % b)
    __rmod__ = _rwrap(lambda a, b: a % b)
    __and__ = _wrap(lambda a, b: a & b)
    __rand__ = _rwrap(lambda a, b: a & b)
    __or__ = _wrap(lambda a, b: a | b)
    __ror__ = _rwrap(lambda a, b: a | b)
    __xor__ = _wrap(lambda a, b: a ^ b)
    __rxor__ = _rwrap(lambda a, b: a ^ b)
    __lshift__ = _wrap(lambda a, b: a << b)
    __rshift__ = _wrap(lambda a, b: a >> b)

    def __neg__(self):
        return r_uint(-int(self))

    def __invert__(self):
        return r_uint(~int(self))

    # Printed as the number it is, as in the translated program.
    def __repr__(self):
        return int.__repr__(self)

    __str__ = __repr__

    del _wrap, _rwrap


r_uint64 = r_uint


def r_int64(x):
    """A signed 64-bit word."""
    return intmask(x)
