def parse(text):
    try:
        return int(text)
    except ValueError:
        return -1


def count_positive(items):
    n = 0
    i = 0
    while i < len(items):
        if parse(items[i]) > 0:
            n += 1
        i += 1
    return n


def main(argv):
    print(count_positive(argv))
    return 0
