# CRASH (internal error): a dict or set whose keys are only ever one-character string
# constants, looked up with a longer string: "internal error: no conversion from Ptr(str) to
# UniChar" (get, in, discard, remove, setdefault...). Very common in real programs
# (d = {}; d["x"] = 1; ... d.get(word)). Expected output:
# 0 False
# 1


def main(argv):
    d = {}
    d["x"] = 1
    word = "nope"
    print(d.get(word, 0), word in d)
    s = {"b"}
    s.discard("zz")
    print(len(s))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
