def main(argv):
    xs = [3, 1, 2]
    xs.remove({})
    xs.insert("0", 5)
    return 0
