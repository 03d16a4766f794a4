# range objects: indexing, slicing, str(), len, membership and reversal.
def main(argv):
    for r in [range(10), range(3, 20, 4), range(10, -5, -3), range(5, 5), range(0, 10, 2)]:
        print(r, len(r), r[0] if len(r) > 0 else -99, r[-1] if len(r) > 0 else -99, r[1:3], r[::-1], r[::2], r[-2:], r[5:1])
        print(list(r[1:]), 4 in r, list(reversed(r)))
    try:
        print(range(3)[5])
    except IndexError as e:
        print("IndexError:", e)
    return 0
if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
