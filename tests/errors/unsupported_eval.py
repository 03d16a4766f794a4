def main(argv):
    return eval("1 + 2")
