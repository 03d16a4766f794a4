def main(argv):
    print(len(5))
    return 0
