# TRANSLATION ERROR: `import os.path` binds `os` to the os.path module, so os.path.join fails
# with "module `os.path` has no attribute `path`". Expected: a/b

import os.path


def main(argv):
    print(os.path.join("a", "b"))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
