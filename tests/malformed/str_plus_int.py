def main(argv):
    return "x" + 1
