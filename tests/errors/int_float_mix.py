def main(argv):
    total = 0
    for x in range(3):
        total = total + x * 0.5
    print(total)
    return 0
