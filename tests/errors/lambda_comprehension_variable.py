# A lambda reading a comprehension variable is rejected with a hint (CPython gives every
# lambda the comprehension's last value, which a translated comprehension does not keep).


def main(argv):
    fs = [lambda: j for j in range(4)]
    print([f() for f in fs])
    return 0
