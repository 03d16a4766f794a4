# WRONG OUTPUT: the errors argument of str.encode / bytes.decode ("ignore", "replace") is
# ignored and a UnicodeError is raised. Expected:
# ignore b'nave '
# ignore okok
# replace b'na?ve ?'
# replace ok�ok


def main(argv):
    for eh in ["ignore", "replace"]:
        try:
            print(eh, "naïve €".encode("ascii", eh))
        except UnicodeEncodeError as e:
            print("encode raised:", e)
        try:
            print(eh, b"ok\xffok".decode("utf-8", eh))
        except UnicodeDecodeError as e:
            print("decode raised:", e)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
