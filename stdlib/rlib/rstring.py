"""String builders: append pieces, then build the whole text once."""


class StringBuilder:
    def __init__(self, init_size=0):
        self._parts = []
        self._length = 0

    def append(self, s):
        self._parts.append(s)
        self._length += len(s)

    def append_slice(self, s, start, end):
        self.append(s[start:end])

    def append_multiple_char(self, c, times):
        self.append(c * times)

    def getlength(self):
        return self._length

    def build(self):
        return "".join(self._parts)


class BytesBuilder(StringBuilder):
    def build(self):
        return b"".join(self._parts)
