# TRANSLATION ERROR: dict views are plain iterators: `in d.keys()`/`d.values()`/`d.items()`
# ("`in` is not supported for `str` in `iterator`"), len(d.keys()), and str()/print of a view.
# Expected:
# True True True 2
# dict_keys(['a', 'bb']) dict_values([1, 2]) dict_items([('a', 1), ('bb', 2)])


def main(argv):
    d = {"a": 1, "bb": 2}
    print("a" in d.keys(), 2 in d.values(), ("a", 1) in d.items(), len(d.keys()))
    print(d.keys(), d.values(), d.items())
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
