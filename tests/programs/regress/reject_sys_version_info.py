# TRANSLATION ERROR: sys.version_info is unknown ("module `sys` has no attribute
# `version_info`"), although LANGUAGE.md section 1 uses `if sys.version_info[0] >= 3:`.
# Expected: py3

import sys

if sys.version_info[0] >= 3:
    PY = "py3"
else:
    PY = "py2"


def main(argv):
    print(PY)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
