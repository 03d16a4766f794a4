COUNTER = 0


def bump():
    global COUNTER
    COUNTER = COUNTER + 1


def main(argv):
    bump()
    return 0
