def label(n):
    if n > 0:
        text = n * 2
    else:
        text = "negative"
    return text


def main(argv):
    print(label(len(argv)))
    return 0
