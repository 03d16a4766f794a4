def find(xs, target):
    for i in range(len(xs)):
        if xs[i] == target:
            return i
    return None


def main(argv):
    print(find([4, 5, 6], 5))
    return 0
