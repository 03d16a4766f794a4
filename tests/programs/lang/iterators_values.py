# Iterators as values: stored in attributes and lists, passed to functions, partially consumed
# and then looped over; user iterator classes consumed by builtins; a tokenizer that peeks with
# next() and a default.


class Stream:
    def __init__(self, text):
        self.it = iter(text)
        self.peeked = ""

    def peek(self):
        if self.peeked == "":
            self.peeked = next(self.it, "")
        return self.peeked

    def take(self):
        c = self.peek()
        self.peeked = ""
        return c


def tokens(text):
    s = Stream(text)
    out = []
    while s.peek() != "":
        c = s.take()
        if c.isdigit():
            num = c
            while s.peek().isdigit():
                num += s.take()
            out.append(num)
        elif c != " ":
            out.append(c)
    return out


class Evens:
    def __init__(self, limit):
        self.n = 0
        self.limit = limit

    def __iter__(self):
        return self

    def __next__(self):
        if self.n >= self.limit:
            raise StopIteration
        v = self.n
        self.n += 2
        return v


def drain(it):
    total = 0
    for v in it:
        total += v
    return total


def main(argv):
    print(tokens("12 + 345*(6-78)"), tokens(""), tokens("  9"))
    it = iter([5, 6, 7, 8])
    print(next(it), drain(it), next(it, -1))
    e = enumerate(["a", "b", "c"], 1)
    first = next(e)
    print(first, [p for p in e])
    z = zip(range(10), "xyz")
    next(z)
    print(list(z))
    r = reversed("abc")
    print(next(r), "".join(r))
    its = [iter("ab"), iter("cd")]
    print([next(i) for i in its], [next(i) for i in its], [next(i, "-") for i in its])
    print(list(Evens(7)), sum(Evens(10)), sorted(Evens(5), reverse=True), max(Evens(9)))
    print(list(zip(Evens(6), Evens(100))), list(enumerate(Evens(3))), [x * x for x in Evens(5) if x])
    ev = Evens(6)
    for v in ev:
        if v == 2:
            break
    print("resume", list(ev))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
