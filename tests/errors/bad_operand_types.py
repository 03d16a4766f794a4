def main(argv):
    n = len(argv)
    label = "count: " + n
    print(label)
    return 0
