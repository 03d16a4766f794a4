# Special methods in less common positions: __eq__/__hash__ instances as dict keys and set items,
# __lt__ used by sort/min/max/sorted with reverse, __len__/__bool__ in conditions and `not`,
# __contains__ with `not in`, __getitem__ with negative indices and slices of a wrapped list,
# __setitem__ with augmented assignment, __add__ in sum() with a start value, __neg__ and
# __sub__ chains, special methods inherited and overridden by subclasses.


class Card:
    def __init__(self, rank, suit):
        self.rank = rank
        self.suit = suit

    def __eq__(self, other):
        return self.rank == other.rank and self.suit == other.suit

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return self.rank * 31 + len(self.suit)

    def __lt__(self, other):
        return (self.rank, self.suit) < (other.rank, other.suit)

    def __gt__(self, other):
        return other.__lt__(self)

    def __le__(self, other):
        return not other.__lt__(self)

    def __ge__(self, other):
        return not self.__lt__(other)

    def __repr__(self):
        return str(self.rank) + self.suit


class Vec:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __add__(self, other):
        return Vec(self.x + other.x, self.y + other.y)

    def __sub__(self, other):
        return Vec(self.x - other.x, self.y - other.y)

    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)

    def __neg__(self):
        return Vec(-self.x, -self.y)

    def __str__(self):
        return "<" + str(self.x) + "," + str(self.y) + ">"


class Seq:
    def __init__(self, items):
        self.items = items

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        return self.items[i]

    def __setitem__(self, i, v):
        self.items[i] = v

    def __contains__(self, v):
        return v in self.items


class Flag:
    def __init__(self, on):
        self.on = on

    def __bool__(self):
        return self.on


class LoudSeq(Seq):
    def __getitem__(self, i):
        return self.items[i] * 100


def main(argv):
    hand = [Card(10, "h"), Card(2, "s"), Card(10, "d"), Card(2, "s")]
    print(sorted(hand), sorted(hand, reverse=True), min(hand), max(hand))
    print(Card(2, "s") == hand[1], Card(2, "s") != hand[1], hand[0] < hand[2], hand[0] >= hand[2], hand[1] <= hand[3])
    counts = {}
    for c in hand:
        counts[c] = counts.get(c, 0) + 1
    print(len(counts), counts[Card(2, "s")], Card(10, "d") in counts, Card(3, "c") in counts)
    uniq = set(hand)
    print(len(uniq), sorted(uniq), Card(10, "h") in uniq)
    hand.sort()
    print(hand, hand.index(Card(10, "d")), hand.count(Card(2, "s")))
    v = Vec(1, 2) + Vec(3, 4) - Vec(1, 1) * 2
    print(v, -v, -(-v), v * 0, Vec(0, 0) - -v)
    total = Vec(0, 0)
    for w in [Vec(1, 0), Vec(0, 1), Vec(2, 2)]:
        total = total + w
    acc = Vec(5, 5)
    acc += Vec(1, 1)
    acc -= Vec(2, 0)
    acc *= 3
    print(total, acc)
    s = Seq([10, 20, 30])
    s[0] += 5
    s[-1] = 99
    print(len(s), s[0], s[-1], s[1], 20 in s, 21 not in s, bool(s), not Seq([]))
    for f in [Flag(True), Flag(False)]:
        print("truthy" if f else "falsy", not f, bool(f))
    if Seq([]) or Flag(False):
        print("unexpected")
    else:
        print("both false")
    ls = LoudSeq([1, 2])
    print(ls[0], ls[-1], len(ls), 2 in ls, isinstance(ls, Seq))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
