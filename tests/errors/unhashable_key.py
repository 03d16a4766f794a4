def main(argv):
    seen = {}
    key = [1, 2]
    seen[key] = True
    return 0
