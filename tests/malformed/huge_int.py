def main(argv):
    return 99999999999999999999999
