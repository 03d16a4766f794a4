# dict methods not in the basics: update from dicts, setdefault with list values, get without a
# default, keys of every hashable type, KeyError messages for several key types, popitem on an
# empty dict, copies, comprehensions and deletion while iterating over a copy of the keys.


def main(argv):
    d = {"a": 1, "b": 2}
    e = {"b": 20, "c": 30}
    d.update(e)
    print(d)
    print(sorted(d.values()), sorted(d, reverse=True))
    d.update({"z": 26})
    d.update({"y": 25})
    print(d, d == {"z": 26, "y": 25, "a": 1, "b": 20, "c": 30}, d != e, {} == {})
    counts = {}
    for w in "a b a c b a".split():
        counts[w] = counts.get(w, 0) + 1
    print(counts, max(counts, key=lambda k: counts[k]), min(counts.items(), key=lambda kv: kv[1]))
    lists = {}
    lists.setdefault("xs", []).append(1)
    lists.setdefault("xs", []).append(2)
    lists.setdefault("ys", [])
    print(lists, lists.get("q") is None, lists["xs"])
    r = lists.get("nope")
    print(r is None, lists.get("xs") is not None)
    ik = {3: "three", -1: "minus", 0: "zero"}
    print(ik, sorted(ik), ik.pop(-1), ik.pop(7, "dflt"), ik.setdefault(5, "five"), ik)
    tk = {(1, 2): "a", (0, 0): "o"}
    fk = {0.5: 1, -2.0: 2}
    bk = {True: "t", False: "f"}
    byk = {b"k": 1}
    print(tk[(1, 2)], fk[0.5], bk[True], bk[1 == 2], byk[b"k"], tk, fk, bk, byk)
    for attempt in range(6):
        try:
            if attempt == 0:
                print(ik[42])
            elif attempt == 1:
                print(tk[(9, 9)])
            elif attempt == 2:
                print(fk[1.5])
            elif attempt == 3:
                print(byk[b"zz"])
            elif attempt == 4:
                del counts["zz"]
            else:
                print(counts[""])
        except KeyError as err:
            print("KeyError:", err)
    try:
        {}.popitem()
    except KeyError as err:
        print("KeyError:", err)
    copy = dict(counts)
    copy["a"] = 100
    print(counts["a"], copy["a"], dict(copy.items()) == copy, dict(zip("xy", [1, 2])))
    comp = {k: v * 2 for k, v in counts.items() if v > 1}
    inverted = {v: k for k, v in counts.items()}
    print(comp, inverted)
    nested = {"outer": {"inner": [1, 2]}}
    nested["outer"]["inner"].append(3)
    nested["outer"]["new"] = []
    print(nested, len(nested["outer"]))
    keys = list(counts)
    for k in keys:
        if counts[k] == 1:
            del counts[k]
    print(counts, bool(counts), bool({}))
    counts.clear()
    print(counts, len(counts))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
