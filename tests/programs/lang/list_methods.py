# list methods and operators beyond the basics: sort with key/reverse and stability, extend from
# other iterables, in-place operators, deletion by slice, comparisons, and the errors.


def main(argv):
    xs = [5, 3, 8, 3, 1, 8, 0]
    print(xs.index(3), xs.index(8), xs.count(8), xs.count(-1))
    ys = xs.copy()
    ys.sort()
    print(xs, ys)
    ys.sort(reverse=True)
    print(ys)
    words = ["pear", "Fig", "apple", "kiwi", "Banana", "date", "fig"]
    words.sort(key=len)
    print(words)
    words.sort(key=lambda w: w.lower(), reverse=True)
    print(words)
    words.sort(key=len, reverse=True)
    print(words)
    pairs = [(2, "b"), (1, "z"), (2, "a"), (1, "y")]
    pairs.sort(key=lambda p: p[0])
    print(pairs)
    pairs.sort()
    print(pairs)
    ws = ["b", "a"]
    ws.extend("xyz")
    ws.extend(("t", "u"))
    ws.extend([w.upper() for w in ws[:2]])
    print(ws)
    ns = [1, 2]
    ns.extend(ns)
    ns.extend(range(3, 0, -1))
    ns += [7]
    ns *= 2
    print(ns, len(ns))
    zs = [0] * 3 + [1] * 0 + 2 * [9]
    print(zs, [] * 5, [[0] * 2] * 2)
    del zs[0]
    del zs[-1]
    print(zs)
    big = list(range(12))
    del big[2:5]
    print(big)
    del big[::3]
    print(big)
    del big[-2:]
    del big[100:]
    print(big)
    big.insert(-1, 99)
    big.insert(len(big), 100)
    big.reverse()
    print(big, big.pop(-3), big)
    empty = []
    empty.reverse()
    empty.sort()
    print(empty, [] == empty, [1, 2] < [1, 2, 0], [2] > [1, 9], [[1], [2]] == [[1], [2]], [1] != [1])
    nested = [[3, 1], [2], []]
    nested[0].sort()
    nested[2].append(5)
    print(nested, [1] in nested, [2] in nested, sorted(nested), min(nested), max(nested))
    strs = ["é", "e", "z", "É", "😀", "ä"]
    print(sorted(strs), sorted(strs, reverse=True), max(strs), min(strs))
    for attempt in range(6):
        try:
            if attempt == 0:
                print([].pop())
            elif attempt == 1:
                print([1, 2].pop(5))
            elif attempt == 2:
                print([1, 2].index(3))
            elif attempt == 3:
                print(["a"].index("z"))
            elif attempt == 4:
                lst = [1]
                lst.remove(2)
            else:
                print(["x", "y"].index("q"))
        except IndexError as e:
            print("IndexError:", e)
        except ValueError as e:
            print("ValueError:", e)
    try:
        ys[7] = 1
    except IndexError as e:
        print("IndexError:", e)
    try:
        del ys[-8]
    except IndexError as e:
        print("IndexError:", e)
    try:
        ys[::2] = [1, 2]
    except ValueError as e:
        print("ValueError:", e)
    try:
        print(max(xs[:0]))
    except ValueError as e:
        print("ValueError:", e)
    try:
        print(min(words[:0]))
    except ValueError as e:
        print("ValueError:", e)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
