# GC: strings built in loops (concatenation, join, formatting, slicing, repeated methods),
# with the intermediate strings dropped.

def main(argv):
    s = ""
    i = 0
    while i < 2000:
        s = s + str(i % 10)
        i += 1
    print(len(s), s[:20], s[-5:])
    parts = []
    i = 0
    while i < 3000:
        parts.append("item%d" % i)
        i += 1
    joined = ",".join(parts)
    print(len(joined), joined[:30])
    words = joined.split(",")
    total = 0
    for w in words:
        total += len(w.upper()) + len(w.replace("item", "x"))
    print(len(words), total)
    acc = []
    i = 0
    while i < 500:
        t = ("ab" * (i % 13)) + "é" + str(i)
        acc.append(t[1:] + t[:1])
        i += 1
    h = 0
    for t in acc:
        h = (h * 31 + len(t) + ord(t[len(t) // 2])) % 1000003
    print(len(acc), h, acc[-1])
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
