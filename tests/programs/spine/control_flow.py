# while/for with break, continue and else; nested loops; early returns.

def first_divisor(n):
    for d in range(2, n):
        if n % d == 0:
            return d
    return n


def main(argv):
    i = 0
    total = 0
    while i < 20:
        i += 1
        if i % 3 == 0:
            continue
        if i > 15:
            break
        total += i
    else:
        print("not reached")
    print("total", total)
    for n in range(2, 30):
        if first_divisor(n) == n:
            print(n, end=" ")
    print()
    for a in range(3):
        for b in range(3):
            if a == b:
                continue
            print(a, b, end="; ")
    print()
    for k in range(5, 0, -2):
        print("k", k)
    for k in range(0):
        print("never")
    else:
        print("empty loop else")
    count = 0
    while True:
        count += 1
        if count == 4:
            break
    print("count", count)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
