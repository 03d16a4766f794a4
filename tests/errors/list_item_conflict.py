def main(argv):
    stack = [0]
    token = argv[0]
    stack.append(token)
    return 0
