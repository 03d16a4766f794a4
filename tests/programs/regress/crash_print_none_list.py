# CRASH (segfault, exit 139, all stdout lost): str()/print of a nullable list or dict whose
# value is None. Nullable str and instances print fine. Expected output:
# [1, 2]
# None
# None
# {'k': 1}


def find(flag):
    if flag:
        return [1, 2]
    return None


def table(flag):
    if flag:
        return {"k": 1}
    return None


def main(argv):
    print(find(True))
    print(find(False))
    print(table(False))
    print(table(True))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
