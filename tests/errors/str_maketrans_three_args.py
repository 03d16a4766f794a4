def main(argv):
    print("remove vowels".translate(str.maketrans("", "", "aeiou")))
    return 0
