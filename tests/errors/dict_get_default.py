def main(argv):
    d = {"a": 1}
    print(d.get("b", "none"))
    return 0
