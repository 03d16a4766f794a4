# WRONG OUTPUT (or a documentation gap): where bool and int mix (LANGUAGE.md: "mixing them
# gives int"), True prints as 1, while CPython prints True. Expected:
# [True, 2] True
# Got:
# [1, 2] 1


def main(argv):
    xs = [True, 2]
    x = True if len(argv) > 0 else 5
    print(xs, x)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
