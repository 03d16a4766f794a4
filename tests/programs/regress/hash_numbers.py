# hash() of ints and floats as CPython computes it.
def main(argv):
    for v in [0, 1, -1, -2, 2**61 - 1, 2**61, -2**61, 2**63 - 1, -2**63, 123456789]:
        print(hash(v), end=" ")
    print()
    for f in [0.0, -0.0, 1.0, -1.0, 1.5, 2.0**61, 1e300, -1e-300, 3.14159, float("inf"), float("-inf"), 2.0**70]:
        print(hash(f), end=" ")
    print(hash(True), hash(1) == hash(1.0), hash(-1))
    return 0
if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
