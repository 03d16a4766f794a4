def pick(flag):
    if flag:
        x = 1
    else:
        x = "one"
    return x + 1


def main(argv):
    print(pick(len(argv) > 1))
    return 0
