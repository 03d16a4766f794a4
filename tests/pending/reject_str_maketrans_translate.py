# TRANSLATION ERROR: str.maketrans / str.translate ("`built-in str` has no attribute
# `maketrans`"). Expected:
# xxyyzz he001 rmv vwls


def main(argv):
    table = str.maketrans("abc", "xyz")
    print("aabbcc".translate(table), "hello".translate(str.maketrans("lo", "01")),
          "remove vowels".translate(str.maketrans("", "", "aeiou")))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
