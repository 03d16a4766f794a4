# Slice reads, assignment and deletion on lists, with and without steps.

def main(argv):
    xs = list(range(12))
    for step in [1, 2, 3, -1, -2, -5]:
        print(step, xs[::step], xs[1:9:step], xs[9:1:step], xs[-3::step])
    ys = xs[:]
    ys[::3] = [100, 101, 102, 103]
    print(ys)
    ys[10:2:-4] = [7, 8]
    print(ys)
    del ys[::2]
    print(ys)
    zs = list(range(10))
    del zs[8:1:-3]
    print(zs)
    del zs[1:3]
    print(zs)
    ws = ["a", "b", "c"]
    ws[1:2] = ["longer", "words"]
    ws[:0] = ["start"]
    print(ws, len(ws))
    same = [1, 2, 3, 4]
    same[::2] = same[1::2]
    print(same)
    same[:] = same
    print(same)
    try:
        same[::2] = [1, 2, 3]
    except ValueError as e:
        print("ValueError:", e)
    try:
        print(same[::0])
    except ValueError as e:
        print("ValueError:", e)
    empty = []
    del empty[::2]
    empty[::-1] = []
    print(empty)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
