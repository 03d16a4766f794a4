# int / int correctly rounded for large operands; pow() with a negative exponent and a modulus.
def main(argv):
    vals = [9007199254740993, -9007199254740993, 2**62 + 1, -2**63, 2**63 - 1, 3, 7, 10**18 + 7, 123456789012345678]
    for a in vals:
        for b in vals + [1, -1, 2, 10**9 + 7]:
            print(a / b, end=" ")
        print()
    print(pow(5, -1, 7), pow(38, -1, 97), pow(3, -2, 11), pow(-3, -1, 7), pow(2, -1, -7))
    try:
        pow(2, -1, 4)
    except ValueError as e:
        print("ValueError:", e)
    return 0
if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
