def main(argv):
    print("x".replace("x", "yyy", (1, 2)))
    return 0
