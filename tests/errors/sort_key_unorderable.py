def by_len(s):
    return len


def main(argv):
    print(sorted(["bb", "a"], key=by_len))
    return 0
