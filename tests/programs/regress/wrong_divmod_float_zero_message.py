# WRONG OUTPUT: message of divmod() of floats by zero. Expected:
# ZeroDivisionError: float divmod()
# Got:
# ZeroDivisionError: float floor division by zero


def main(argv):
    z = float(len(argv) - 1)
    try:
        print(divmod(1.0, z))
    except ZeroDivisionError as e:
        print("ZeroDivisionError:", e)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
