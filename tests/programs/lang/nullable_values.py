# None mixed with instances, str, bytes, lists and dicts: nullable returns, attributes that start
# as None, `is None` tests narrowing, `or` defaults, dict.get without a default, and None in
# containers of nullable values.


class Node:
    def __init__(self, value, nxt):
        self.value = value
        self.next = nxt
        self.label = None
        self.cache = None


def find_word(words, prefix):
    for w in words:
        if w.startswith(prefix):
            return w
    return None


def maybe_bytes(flag):
    if flag:
        return b"data"
    return None


def maybe_dict(flag):
    if flag:
        return {"k": 1}
    return None


def describe(s):
    if s is None:
        return "<none>"
    return "'" + s + "'"


def main(argv):
    words = ["apple", "banana", "cherry"]
    hit = find_word(words, "ba")
    miss = find_word(words, "zz")
    print(describe(hit), describe(miss), hit is not None, miss is None, hit == "banana", miss == "banana")
    print(str(hit), str(miss), repr(miss), [hit, miss], (miss, 1), miss or "default", hit or "default")
    print(f"{miss}|{hit}|{miss!r}", "%s %r" % (miss, miss))
    b = maybe_bytes(True)
    nb = maybe_bytes(False)
    print(b, nb, nb is None, len(b) if b is not None else -1)
    d = maybe_dict(True)
    nd = maybe_dict(False)
    if d is not None:
        d["new"] = 2
        print(d, len(d))
    print(nd is None)
    n = Node(1, Node(2, None))
    n.label = "head"
    total = 0
    cur = n
    while cur is not None:
        total += cur.value
        cur = cur.next
    print(total, n.label, n.next.label, n.next.next is None, n.cache is None)
    n.cache = [1, 2]
    c = n.cache
    if c is not None:
        c.append(3)
    print(n.cache)
    names = {"aa": "alpha", "bb": "beta"}
    got = names.get("aa")
    nothing = names.get("zzz")
    print(got, nothing, got is None, nothing is None, names.get("bb", "dflt"), names.get("q", "dflt"))
    opts = ["x", None, "z"]
    print(opts, [o for o in opts if o is not None], len([o for o in opts if o is None]), None in opts)
    nodes = [n, None, n.next]
    print([x.value for x in nodes if x is not None], [x is None for x in nodes])
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
