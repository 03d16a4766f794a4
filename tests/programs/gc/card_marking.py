# GC: a large list of objects that becomes old, then written (young objects into old slots,
# at scattered positions), shifted (insert, pop, del, slice assignment), reversed and sorted
# while more garbage is allocated; every item is checked afterwards.

class Item:
    def __init__(self, key):
        self.key = key


def churn(n):
    s = 0
    i = 0
    while i < n:
        s += len([i, i + 1, i + 2])
        i += 1
    return s


def checksum(items):
    s = 0
    i = 0
    for it in items:
        s += it.key * (i % 7 + 1)
        i += 1
    return s


def main(argv):
    big = []
    i = 0
    while i < 6000:
        big.append(Item(i))
        i += 1
    churn(3000)
    # young objects into the old list, one card after another
    i = 0
    while i < 6000:
        big[i] = Item(big[i].key * 2)
        if i % 500 == 0:
            churn(100)
        i += 37
    churn(2000)
    print("after stores", checksum(big))
    big.insert(10, Item(-1))
    big.insert(5000, Item(-2))
    churn(500)
    x = big.pop(3)
    del big[100]
    big[200:210] = [Item(k) for k in range(5)]
    churn(500)
    print("after moves", checksum(big), x.key, len(big))
    big.reverse()
    churn(500)
    big.sort(key=lambda it: (it.key * 7919) % 6007)
    churn(500)
    print("after sort", checksum(big), big[0].key, big[-1].key)
    # a list of lists: inner lists made young and stored into an old outer list
    grid = [[0] for _ in range(3000)]
    churn(2000)
    j = 0
    while j < 3000:
        grid[j] = [j, j * j]
        j += 3
    churn(500)
    t = 0
    for row in grid:
        t += row[-1]
    print("grid", t)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
