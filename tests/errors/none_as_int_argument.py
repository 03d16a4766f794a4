def main(argv):
    s = "abc"
    print(s.center(None, "*"))
    return 0
