def main(argv):
    for i in range(len(argv)):
        last = i
    print(last)
    return 0
