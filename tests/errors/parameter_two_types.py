def twice(amount):
    return amount * 2


def main(argv):
    print(twice(21))
    print(twice("ab"))
    return 0
