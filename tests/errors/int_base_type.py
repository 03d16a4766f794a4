def main(argv):
    print(int("11", [2]))
    return 0
