"""Rope strings: text kept as a tree of pieces, so that concatenation and slicing take
O(1) amortized time instead of copying. This module is RPy: the translator compiles it like
the program's own code, and under CPython it runs as it is.

    r = rope("hello") + rope(", world")
    s = r.slice(0, 5)          # shares the pieces, copies nothing
    len(r), r[4], str(s)

Pieces are leaves of text: a latin-1 leaf (every character below 256) stores one byte per
character; other text is stored as a str. Short results are copied into one leaf; long ones
become nodes, and a tree that grows too deep for its length is rebuilt balanced.
"""

from rlib.rstring import StringBuilder

# Results up to this many characters are copied into a single leaf.
LEAF_MAX = 128


class Rope(object):
    """A text of `n` characters; `d` is the depth of its tree (0 for a leaf)."""

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        if i < 0:
            i += self.n
        if i < 0 or i >= self.n:
            raise IndexError("rope index out of range")
        return self.char_at(i)

    def __add__(self, other):
        return concat(self, other)

    def __str__(self):
        sb = StringBuilder()
        self.write_into(sb, 0, self.n)
        return sb.build()

    def __eq__(self, other):
        return self.n == other.n and str(self) == str(other)

    def __ne__(self, other):
        return not self.__eq__(other)

    def slice(self, start, stop):
        """The characters [start:stop], with Python's rules for negative and large bounds."""
        n = self.n
        if start < 0:
            start = max(start + n, 0)
        if stop < 0:
            stop = max(stop + n, 0)
        start = min(start, n)
        stop = min(stop, n)
        if stop <= start:
            return EMPTY
        return slice_of(self, start, stop - start)

    def char_at(self, i):
        raise NotImplementedError("Rope.char_at")

    def write_into(self, sb, start, stop):
        """Appends the characters [start:stop] (already in range) to `sb`."""
        raise NotImplementedError("Rope.write_into")


class Latin1Leaf(Rope):
    def __init__(self, data):
        self.data = data
        self.n = len(data)
        self.d = 0

    def char_at(self, i):
        return chr(self.data[i])

    def write_into(self, sb, start, stop):
        sb.append(self.data[start:stop].decode("latin-1"))


class TextLeaf(Rope):
    def __init__(self, text):
        self.text = text
        self.n = len(text)
        self.d = 0

    def char_at(self, i):
        return self.text[i]

    def write_into(self, sb, start, stop):
        sb.append_slice(self.text, start, stop)


class Concat(Rope):
    def __init__(self, left, right):
        self.left = left
        self.right = right
        self.n = left.n + right.n
        self.d = max(left.d, right.d) + 1

    def char_at(self, i):
        if i < self.left.n:
            return self.left.char_at(i)
        return self.right.char_at(i - self.left.n)

    def write_into(self, sb, start, stop):
        ln = self.left.n
        if start < ln:
            self.left.write_into(sb, start, min(stop, ln))
        if stop > ln:
            self.right.write_into(sb, max(start - ln, 0), stop - ln)


class Slice(Rope):
    """Characters [start, start + n) of `base`, shared rather than copied."""

    def __init__(self, base, start, n):
        self.base = base
        self.start = start
        self.n = n
        self.d = base.d + 1

    def char_at(self, i):
        return self.base.char_at(self.start + i)

    def write_into(self, sb, start, stop):
        self.base.write_into(sb, self.start + start, self.start + stop)


EMPTY = Latin1Leaf(b"")


def rope(s):
    """The rope holding the text `s`."""
    for c in s:
        if ord(c) > 255:
            return TextLeaf(s)
    return Latin1Leaf(s.encode("latin-1"))


def concat(a, b):
    if a.n == 0:
        return b
    if b.n == 0:
        return a
    if a.n + b.n <= LEAF_MAX:
        return rope(str(a) + str(b))
    if isinstance(a, Concat) and a.right.n + b.n <= LEAF_MAX:
        # Appending a little to a long rope: grow its last leaf (bounded copying).
        return balanced(Concat(a.left, rope(str(a.right) + str(b))))
    return balanced(Concat(a, b))


def slice_of(r, start, n):
    """Characters [start, start + n) of r, 0 < n and in range."""
    if n == r.n:
        return r
    if n <= LEAF_MAX:
        sb = StringBuilder()
        r.write_into(sb, start, start + n)
        return rope(sb.build())
    if isinstance(r, Slice):
        return slice_of(r.base, r.start + start, n)
    if isinstance(r, Concat):
        ln = r.left.n
        if start + n <= ln:
            return slice_of(r.left, start, n)
        if start >= ln:
            return slice_of(r.right, start - ln, n)
    return Slice(r, start, n)


def depth_limit(n):
    """The depth beyond which a rope of n characters is rebuilt: about twice log2(n)."""
    bits = 0
    while n > 0:
        n >>= 1
        bits += 1
    return 2 * bits + 4


def balanced(r):
    if r.d <= depth_limit(r.n):
        return r
    pieces = []
    collect(r, pieces)
    return build(pieces, 0, len(pieces))


def collect(r, out):
    """The pieces of r, left to right: leaves, and slices copied into leaves."""
    if isinstance(r, Concat):
        collect(r.left, out)
        collect(r.right, out)
    elif isinstance(r, Slice):
        out.append(rope(str(r)))
    else:
        out.append(r)


def build(pieces, lo, hi):
    if hi - lo == 1:
        return pieces[lo]
    mid = (lo + hi) // 2
    return Concat(build(pieces, lo, mid), build(pieces, mid, hi))
